"""The recording forms for the enquiry's later steps: advocacy offered or declined, timescales
paused and resumed, a declined intervention and its monitoring, the lead moved, a closed enquiry
reopened. Their checks in plain English and the body each sends to intake.

The person's words are sent exactly as typed (never trimmed, never re-cased) and read with room
to spare, so words that are too long come back whole with the message, not cut short.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.portal.forms import FormErrors
from services.portal.views.form_input import (
    MAX_WORDS,
    Choices,
    Context,
    Form,
    Submission,
    date_typed,
    optional_text,
    required_choice,
    required_text,
    start,
    too_long,
)
from services.portal.views.recording import YES_NO
from services.portal.views.sharing import agency_choices

# Intake keeps up to 10,000 characters of the person's own words.
MAX_PERSONS_WORDS = 10_000
# Read beyond the limit, so that what was typed is shown again whole with the message.
READ_LIMIT = 100_000


def persons_words(form: Form, answers: dict[str, Any], errors: FormErrors, name: str) -> str | None:
    """Their words, optional, exactly as typed; None when nothing but blanks was typed."""
    value = form.text(name, READ_LIMIT)
    answers[name] = value
    if len(value) > MAX_PERSONS_WORDS:
        errors.add(name, too_long("Their words", MAX_PERSONS_WORDS))
    return value if value.strip() else None


def reason(form: Form, answers: dict[str, Any], errors: FormErrors, message: str) -> str:
    return required_text(form, answers, errors, "reason", message, MAX_WORDS, "The reason")


def next_check(form: Form, answers: dict[str, Any], errors: FormErrors, today: date) -> str | None:
    """The next check's date: required, real, after today (intake's rule too)."""
    when, typed = date_typed(form, answers, "next_check")
    if when is None:
        errors.add(
            "next_check",
            "Enter the date of the next check"
            if not typed
            else "Enter a real date, for example 15 12 2026",
        )
        return None
    if when <= today:
        errors.add("next_check", "The date of the next check must be after today")
        return None
    return when.isoformat()


# --- advocacy ------------------------------------------------------------------------------


def read_advocacy_offer(data: Any, context: Context) -> Submission:
    _, answers, errors = start(data)
    return Submission(answers, errors, f"/advocacy/needs/{context.item_id}/offer", {})


def read_advocacy_declined(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    words = persons_words(form, answers, errors, "persons_words")
    path = f"/advocacy/needs/{context.item_id}/refusal"
    return Submission(answers, errors, path, {"persons_words": words})


# --- timescales ----------------------------------------------------------------------------


def read_timescales_pause(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    why = reason(form, answers, errors, "Enter why the timescales are paused")
    return Submission(answers, errors, "/timescales/pause", {"reason": why})


def read_timescales_resume(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    why = reason(form, answers, errors, "Enter why the timescales start again")
    return Submission(answers, errors, "/timescales/resume", {"reason": why})


# --- declined intervention and monitoring --------------------------------------------------


def read_declined_intervention(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    words = persons_words(form, answers, errors, "persons_words")
    check_on = next_check(form, answers, errors, context.today)
    anyway = optional_text(form, answers, errors, "raised_anyway_because", MAX_WORDS, "The reason")
    told: bool | None = None
    if anyway is not None:
        told = (
            required_choice(
                form,
                answers,
                errors,
                "person_told",
                YES_NO,
                "Select yes if they were told it goes on anyway",
            )
            == "yes"
        )
    else:
        answers["person_told"] = form.text("person_told", 3)
    body = {
        "persons_words": words,
        "next_check_on": check_on,
        "raised_anyway_because": anyway,
        "person_told": told,
    }
    return Submission(answers, errors, "/declined-intervention", body)


def read_take_up(data: Any, context: Context) -> Submission:
    _, answers, errors = start(data)
    return Submission(answers, errors, "/declined-intervention/take-up", {})


def read_monitoring_check(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    note = optional_text(form, answers, errors, "note", MAX_WORDS, "The note")
    check_on = next_check(form, answers, errors, context.today)
    return Submission(
        answers, errors, "/monitoring-checks", {"note": note, "next_check_on": check_on}
    )


# --- the lead ------------------------------------------------------------------------------


def lead_agencies() -> Choices:
    return agency_choices()


def read_lead_transfer(data: Any, context: Context) -> Submission:
    """Within the agency the lead moves at once to a colleague; another agency must accept
    (and then chooses its own lead), so no colleague is named for it."""
    form, answers, errors = start(data)
    to_agency = required_choice(
        form,
        answers,
        errors,
        "to_agency",
        lead_agencies(),
        "Select the agency that will lead",
    )
    colleague = form.text("to_practitioner", 100)
    answers["to_practitioner"] = colleague
    known = {user_id for user_id, _ in context.colleagues}
    to_practitioner: str | None = None
    if to_agency == context.agency_id:
        if colleague not in known:
            errors.add("to_practitioner", "Select the colleague who will lead")
        elif colleague == context.record.lead_practitioner_id:
            errors.add("to_practitioner", "Select a colleague other than the lead now")
        else:
            to_practitioner = colleague
    elif to_agency is not None and colleague:
        errors.add(
            "to_practitioner",
            "Leave the colleague empty: the other agency chooses its own lead when it accepts",
        )
    why = reason(form, answers, errors, "Enter why the lead is moving")
    body = {"to_agency_id": to_agency, "to_practitioner_id": to_practitioner, "reason": why}
    return Submission(answers, errors, "/lead-transfer", body)


# --- reopening -----------------------------------------------------------------------------


def read_reopening(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    why = reason(form, answers, errors, "Enter why the enquiry is being reopened")
    return Submission(answers, errors, "/reopening", {"reason": why})
