"""The forms that change a person's outcomes, reviews and actions: what each asks, the checks the
portal makes before sending (so the person is told at once, beside the field), and the body each
sends to the outcomes service. Pure: no I/O, so each rule is tested on its own.

The person's words are kept exactly as typed: nothing here trims or normalises them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.portal.forms import FormErrors, typed_date
from services.portal.views.form_input import YES_OR_NO
from services.portal.views.sharing import agency_choices

WORDS_LIMIT = 4000  # outcomes' limit for words and notes
NAME_LIMIT = 200  # and for a name
YES_NO = tuple(YES_OR_NO)
PROGRESS = (
    ("on track", "On track"),
    ("some progress", "Some progress"),
    ("no progress", "No progress"),
    ("at risk", "At risk"),
)


@dataclass(frozen=True)
class Field:
    """One question. `kind`: textarea, text, radios, date or lines (a textarea, one per line)."""

    name: str
    label: str
    kind: str
    missing: str | None = None  # the message when left empty; None: optional
    hint: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    limit: int = WORDS_LIMIT
    # A radios field shown only when another has this value: (field, value).
    only_when: tuple[str, str] | None = None
    not_before_today: bool = False
    not_after_today: bool = False
    # What a date is called in its messages ("The review date must be a real date").
    called: str = "The date"


@dataclass(frozen=True)
class OutcomeForm:
    """A form: its heading, questions, the outcomes command it sends, and how."""

    key: str
    heading: str
    button: str
    fields: tuple[Field, ...]
    method: str  # POST or PUT
    # The outcomes path after `/enquiries/{id}`, with `{outcome_id}` or `{action_id}`.
    path: str
    needs_outcome: bool = False
    needs_action: bool = False
    build: Callable[[dict[str, Any]], dict[str, Any]] = lambda values: values

    def service_fields(self) -> dict[str, str]:
        """The outcomes field names mapped to this form's, for its refusals: every field is sent
        under its own name."""
        return {field.name: field.name for field in self.fields}


EXPRESSED_BY = (
    ("person", "The person themselves"),
    ("representative", "Their representative (family or friend)"),
    ("advocate", "Their advocate"),
)
KINDS = (("wish", "Something they want to happen"), ("not_wanted", "Something they do not want"))
RANKS = (("1", "1 (most important)"), ("2", "2"), ("3", "3"), ("", "No priority"))
OWNERS = (("person", "The person"), ("agency", "An agency"))
AGENCY_CHOICES = tuple(agency_choices())

ACHIEVEMENTS = tuple(
    (value, value) for value in ("Fully Achieved", "Partially Achieved", "Not Achieved")
)
ASKED_CODES = (
    ("Yes they were asked and outcomes were expressed", "Yes, and they said what they wanted"),
    ("Yes they were asked but no outcomes were expressed", "Yes, but they did not say"),
    ("No", "No"),
    ("Don't know", "Don't know"),
    ("Not recorded", "Not recorded"),
)
ASKED_WHOM = (("", "Nobody"), *EXPRESSED_BY)

THEIR_WORDS_HINT = "Write it exactly as they said it. It is shown in quotation marks, as written."
DATE_AHEAD_HINT = "For example, 15 1 2027"
DATE_PAST_HINT = "For example, 27 11 2026"


def _their_words(name: str, label: str, missing: str, hint: str = THEIR_WORDS_HINT) -> Field:
    """A textarea for the person's own words, kept exactly as typed."""
    return Field(name, label, "textarea", missing, hint)


def _yes_no(name: str, label: str, missing: str) -> Field:
    return Field(name, label, "radios", missing, choices=YES_NO)


def _date_ahead(name: str, label: str, missing: str | None, called: str, hint: str) -> Field:
    """A date that must be today or later (a review, an action's due date)."""
    return Field(name, label, "date", missing, hint, not_before_today=True, called=called)


def _date_past(name: str, label: str, missing: str | None, called: str) -> Field:
    """A date that must be today or earlier (something that has happened)."""
    return Field(name, label, "date", missing, DATE_PAST_HINT, not_after_today=True, called=called)


PERSONS_VIEW = _their_words(
    "persons_view", "What do they think? In their words", "Enter what they think, in their words"
)


def _record(values: dict[str, Any]) -> dict[str, Any]:
    body = {key: values[key] for key in ("words", "expressed_by", "kind")}
    if values.get("why_it_matters"):
        body["why_it_matters"] = values["why_it_matters"]
    if values.get("rank"):
        body["rank"] = int(values["rank"])
    return body


def _review(values: dict[str, Any]) -> dict[str, Any]:
    body = {
        "held_on": values["held_on"],
        "attendees": values["attendees"],
        "person_attended": values["person_attended"] == "yes",
        "advocate_attended": values["advocate_attended"] == "yes",
        "persons_view": values["persons_view"],
        "progress": values.get("progress", []),
    }
    if values.get("next_due_on"):
        body["next_due_on"] = values["next_due_on"]
    return body


def _action(values: dict[str, Any]) -> dict[str, Any]:
    body = {key: values[key] for key in ("what", "owner", "due_on", "report_back")}
    if values["owner"] == "agency":
        body["owner_agency_id"] = values["owner_agency_id"]
    return body


def _assessment(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "achievement": values["achievement"],
        "persons_view": values["persons_view"],
        "person_agrees": values["person_agrees"] == "yes",
    }


def _asked(values: dict[str, Any]) -> dict[str, Any]:
    body = {"code": values["code"]}
    body |= {"asked_whom": values["asked_whom"]} if values.get("asked_whom") else {}
    body |= {"asked_on": values["asked_on"]} if values.get("asked_on") else {}
    return body


def _optional(*names: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def build(values: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in values.items() if value or key not in names}

    return build


FORMS: dict[str, OutcomeForm] = {
    form.key: form
    for form in (
        OutcomeForm(
            key="record",
            heading="What do they want to happen?",
            button="Record this outcome",
            method="POST",
            path="/outcomes",
            fields=(
                _their_words("words", "In their words", "Enter what they said, in their words"),
                Field(
                    "kind",
                    "Is it something they want, or something they do not want?",
                    "radios",
                    "Select whether they want it or do not want it",
                    choices=KINDS,
                ),
                Field(
                    "expressed_by",
                    "Who said it?",
                    "radios",
                    "Select who said it",
                    choices=EXPRESSED_BY,
                ),
                Field("why_it_matters", "Why it matters to them (optional)", "textarea"),
                Field(
                    "rank",
                    "How important is it to them? (optional)",
                    "radios",
                    choices=RANKS,
                    hint="Up to three outcomes can have a priority; each priority once.",
                ),
            ),
            build=_record,
        ),
        OutcomeForm(
            key="change",
            heading="Change what they want to happen",
            button="Save the change",
            method="POST",
            path="/outcomes/{outcome_id}/revisions",
            needs_outcome=True,
            fields=(
                _their_words(
                    "words",
                    "Their words now",
                    "Enter what they want now, in their words",
                    THEIR_WORDS_HINT + " Their first words are kept.",
                ),
                Field("reason", "Why has it changed?", "textarea", "Enter why it has changed"),
                Field(
                    "agreed_by",
                    "Who agreed the change?",
                    "text",
                    "Enter who agreed the change",
                    "For example, Sam and her advocate",
                    limit=NAME_LIMIT,
                ),
            ),
        ),
        OutcomeForm(
            key="withdraw",
            heading="Withdraw this outcome",
            button="Withdraw it",
            method="POST",
            path="/outcomes/{outcome_id}/withdrawal",
            needs_outcome=True,
            fields=(
                Field(
                    "reason",
                    "Why is it withdrawn?",
                    "textarea",
                    "Enter why it is withdrawn",
                    "Its open actions are cancelled with it.",
                ),
            ),
        ),
        OutcomeForm(
            key="not-achievable",
            heading="This outcome cannot be achieved",
            button="Record this",
            method="POST",
            path="/outcomes/{outcome_id}/not-achievable",
            needs_outcome=True,
            fields=(
                Field(
                    "explanation",
                    "What were they told about why?",
                    "textarea",
                    "Enter what they were told about why",
                ),
                _their_words(
                    "persons_response",
                    "What did they say? In their words",
                    "Enter what they said, in their words",
                ),
            ),
        ),
        OutcomeForm(
            key="schedule",
            heading="When is the next review?",
            button="Save the review date",
            method="PUT",
            path="/review-schedule",
            fields=(
                _date_ahead(
                    "due_on",
                    "Review date",
                    "Enter the review date",
                    "The review date",
                    DATE_AHEAD_HINT,
                ),
                Field("reason", "Why this date? (optional)", "textarea"),
            ),
            build=_optional("reason"),
        ),
        OutcomeForm(
            key="review",
            heading="Record a review",
            button="Record the review",
            method="POST",
            path="/reviews",
            fields=(
                _date_past(
                    "held_on",
                    "When was it held?",
                    "Enter when the review was held",
                    "The date of the review",
                ),
                Field(
                    "attendees",
                    "Who was there?",
                    "lines",
                    "Enter who was there",
                    "One name on each line",
                    limit=NAME_LIMIT,
                ),
                _yes_no("person_attended", "Did they attend?", "Select whether they attended"),
                _yes_no(
                    "advocate_attended",
                    "Did their advocate attend?",
                    "Select whether their advocate attended",
                ),
                PERSONS_VIEW,
                Field(
                    "progress",
                    "Progress towards each outcome (optional)",
                    "progress",
                    choices=PROGRESS,
                ),
                _date_ahead(
                    "next_due_on",
                    "Next review (optional)",
                    None,
                    "The next review date",
                    "Leave empty for the usual interval",
                ),
            ),
            build=_review,
        ),
        OutcomeForm(
            key="action",
            heading="Add an action",
            button="Add the action",
            method="POST",
            path="/actions",
            needs_outcome=True,
            fields=(
                Field("what", "What will be done?", "textarea", "Enter what will be done"),
                Field(
                    "owner", "Who will do it?", "radios", "Select who will do it", choices=OWNERS
                ),
                Field(
                    "owner_agency_id",
                    "Which agency?",
                    "radios",
                    "Select the agency",
                    choices=AGENCY_CHOICES,
                    only_when=("owner", "agency"),
                ),
                _date_ahead(
                    "due_on",
                    "By when?",
                    "Enter when it will be done by",
                    "The date it will be done by",
                    DATE_AHEAD_HINT,
                ),
                Field(
                    "report_back",
                    "How will they hear how it is going?",
                    "textarea",
                    "Enter how progress will be reported back to them",
                    "For example, Alex tells Sam face to face every Friday",
                ),
            ),
            build=_action,
        ),
        OutcomeForm(
            key="assess",
            heading="Was this outcome achieved?",
            button="Record the assessment",
            method="POST",
            path="/outcomes/{outcome_id}/assessment",
            needs_outcome=True,
            fields=(
                Field(
                    "achievement",
                    "How far was it achieved?",
                    "radios",
                    "Select how far it was achieved",
                    "Recorded once, for the national return",
                    choices=ACHIEVEMENTS,
                ),
                PERSONS_VIEW,
                _yes_no(
                    "person_agrees",
                    "Do they agree with this assessment?",
                    "Select whether they agree",
                ),
            ),
            build=_assessment,
        ),
        OutcomeForm(
            key="asked",
            heading="Were they asked what they wanted to happen?",
            button="Save",
            method="PUT",
            path="/asked",
            fields=(
                Field(
                    "code",
                    "Were they asked?",
                    "radios",
                    "Select whether they were asked",
                    choices=ASKED_CODES,
                ),
                Field("asked_whom", "Who was asked? (optional)", "radios", choices=ASKED_WHOM),
                _date_past("asked_on", "When? (optional)", None, "The date they were asked"),
            ),
            build=_asked,
        ),
        OutcomeForm(
            key="new-date",
            heading="Move this action to a new date",
            button="Save the new date",
            method="PUT",
            path="/actions/{action_id}/due-date",
            needs_action=True,
            fields=(
                _date_ahead(
                    "due_on", "The new date", "Enter the new date", "The new date", DATE_AHEAD_HINT
                ),
                Field("reason", "Why is it moving?", "textarea", "Enter why it is moving"),
            ),
        ),
        OutcomeForm(
            key="cancel",
            heading="Cancel this action",
            button="Cancel the action",
            method="POST",
            path="/actions/{action_id}/cancellation",
            needs_action=True,
            fields=(
                Field("reason", "Why is it cancelled?", "textarea", "Enter why it is cancelled"),
            ),
        ),
    )
}


@dataclass
class Checked:
    """What was typed (to show again), the values to send, and what to correct."""

    answers: dict[str, Any]
    values: dict[str, Any]
    errors: FormErrors


def check(
    form: OutcomeForm, posted: Mapping[str, Any], today: date, outcome_ids: list[str]
) -> Checked:
    """The answers as typed, the values for outcomes, and the errors the portal can see itself."""
    answers: dict[str, Any] = {}
    values: dict[str, Any] = {}
    errors = FormErrors()
    for field in form.fields:
        if field.kind == "date":
            parts = [
                str(posted.get(f"{field.name}_{part}", "")) for part in ("day", "month", "year")
            ]
            answers |= dict(
                zip(
                    (f"{field.name}_day", f"{field.name}_month", f"{field.name}_year"),
                    parts,
                    strict=True,
                )
            )
            _check_date(field, parts, today, values, errors)
        elif field.kind == "progress":
            progress = []
            for outcome_id in outcome_ids:
                chosen = str(posted.get(f"progress_{outcome_id}", ""))
                answers[f"progress_{outcome_id}"] = chosen
                if chosen in dict(field.choices):
                    progress.append({"outcome_id": outcome_id, "progress": chosen})
            values[field.name] = progress
        else:
            text = str(posted.get(field.name, ""))
            answers[field.name] = text
            if field.only_when and answers.get(field.only_when[0]) != field.only_when[1]:
                continue
            _check_text(field, text, values, errors)
    return Checked(answers, values, errors)


def _check_text(field: Field, text: str, values: dict[str, Any], errors: FormErrors) -> None:
    if field.kind == "lines":
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines and field.missing:
            errors.add(field.name, field.missing)
        elif any(len(line) > field.limit for line in lines):
            errors.add(field.name, f"Each line must be {field.limit:,} characters or fewer")
        values[field.name] = lines
        return
    if field.choices and text and text not in dict(field.choices):
        errors.add(field.name, field.missing or "Select one of the choices")
    elif not text.strip():
        if field.missing:
            errors.add(field.name, field.missing)
    elif len(text) > field.limit:
        errors.add(
            field.name, f"{field.label.split('?')[0]} must be {field.limit:,} characters or fewer"
        )
    elif "\x00" in text:
        errors.add(field.name, f"{field.label} has a character that cannot be kept")
    values[field.name] = text


def _check_date(
    field: Field, parts: list[str], today: date, values: dict[str, Any], errors: FormErrors
) -> None:
    if not any(part.strip() for part in parts):
        if field.missing:
            errors.add(field.name, field.missing)
        values[field.name] = None
        return
    answer = typed_date(*parts)
    name = field.called
    if answer is None or answer.year < 1900:
        errors.add(field.name, f"{name} must be a real date")
    elif field.not_before_today and answer < today:
        errors.add(field.name, f"{name} must be today or later")
    elif field.not_after_today and answer > today:
        errors.add(field.name, f"{name} must be today or earlier")
    values[field.name] = answer.isoformat() if answer else None


def body_of(form: OutcomeForm, values: dict[str, Any], expected_version: int) -> dict[str, Any]:
    return {**form.build(values), "expected_version": expected_version}
