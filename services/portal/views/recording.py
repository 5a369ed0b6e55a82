"""The forms that record what intake holds about an enquiry: what each asks, its checks in plain
English, and the body each sends to intake.

Each `read_*` takes the posted form and gives back a `Submission`: the answers as typed (shown
again on an error, so nothing is lost), the errors beside their fields, and intake's path and
body. The person's words are sent exactly as typed: never trimmed, never re-cased.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.portal.forms import FormErrors
from services.portal.views.form_input import (
    MAX_MEDIUM,
    MAX_SHORT,
    MAX_WORDS,
    YES_OR_NO,
    Choices,
    Context,
    Form,
    Submission,
    date_typed,
    optional_text,
    required_choice,
    required_text,
    start,
)
from services.portal.views.recordable import Need
from services.portal.views.sharing import KIND_CHOICES, PURPOSE_CHOICES, agency_choices
from shared.codes import (
    AdvocateKind,
    CapacityOutcome,
    ConsentDecidedBy,
    ContactMethod,
    NoEnquiryRouting,
    RiskAssessmentOutcome,
    RiskLocation,
    RiskOutcome,
    RiskSource,
    RiskType,
    Section42Result,
)


def coded(values: Any) -> Choices:
    return [(value.value, value.value) for value in values]


YES_NO = YES_OR_NO
CONTACT_CHOICES: Choices = [(m.value, m.value.capitalize()) for m in ContactMethod]
ENTER_FIRST_CHOICES: Choices = [
    ("yes", "Yes, let them go in first"),
    ("no", "No"),
    ("", "They have not said"),
]
CONSENT_DECISIONS: Choices = [
    ("given", "Given"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn (the consent given earlier no longer stands)"),
]
SECTION_42_TESTS = (
    ("needs_care_and_support", "Do they have needs for care and support?"),
    ("experiencing_or_at_risk_of_abuse", "Are they experiencing, or at risk of, abuse or neglect?"),
    (
        "unable_to_protect_themselves",
        "Are they unable to protect themselves because of those needs?",
    ),
)


def optional_reason(form: Form, answers: dict[str, Any], errors: FormErrors) -> str | None:
    """The reason for a change, where one is asked for but may be left out."""
    return optional_text(form, answers, errors, "reason", MAX_WORDS, "The reason")


def answered_yes(
    form: Form, answers: dict[str, Any], errors: FormErrors, name: str, question: str
) -> bool:
    """A required yes-or-no question; its message repeats the question ("Select yes or no: ...")."""
    message = f"Select yes or no: {question[:-1].lower()}"
    return required_choice(form, answers, errors, name, YES_NO, message) == "yes"


# --- communication preferences ----------------------------------------------------------------


def preferences_answers(current: Mapping[str, Any] | None) -> dict[str, Any]:
    """The form filled with the preferences as recorded now, so a change starts from them."""
    now = dict(current or {})
    enter_first = now.get("enter_room_first")
    return {
        "contact_allowed": list(now.get("contact_allowed") or []),
        "contact_refused": list(now.get("contact_refused") or []),
        "in_their_words": now.get("in_their_words") or "",
        "who_to_involve": now.get("who_to_involve") or "",
        "support": [s for s in ("easy_read", "pictures", "interpreter_needed") if now.get(s)],
        "language": now.get("language") or "",
        "meeting_place": now.get("meeting_place") or "",
        "meeting_times": now.get("meeting_times") or "",
        "enter_room_first": "" if enter_first is None else ("yes" if enter_first else "no"),
        "pace": now.get("pace") or "",
        "reason": "",
    }


SUPPORT_CHOICES: Choices = [
    ("easy_read", "Easy read"),
    ("pictures", "Pictures"),
    ("interpreter_needed", "An interpreter"),
]


def read_preferences(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    allowed = form.many("contact_allowed", CONTACT_CHOICES)
    refused = form.many("contact_refused", CONTACT_CHOICES)
    answers |= {"contact_allowed": allowed, "contact_refused": refused}
    both = [m for m in allowed if m in refused]
    words = optional_text(
        form,
        answers,
        errors,
        "in_their_words",
        MAX_WORDS,
        "Their words",
    )
    involve = optional_text(
        form,
        answers,
        errors,
        "who_to_involve",
        MAX_MEDIUM,
        "Who to involve",
    )
    if both:
        errors.add(
            "contact_refused",
            f"A way cannot be both wanted and refused: {', '.join(both)}",
        )
    support = form.many("support", SUPPORT_CHOICES)
    answers["support"] = support
    short = {
        name: optional_text(form, answers, errors, name, limit, label)
        for name, label, limit in (
            ("language", "Language", 100),
            ("meeting_place", "Where to meet", MAX_MEDIUM),
            ("meeting_times", "When to meet", MAX_MEDIUM),
            ("pace", "Pace", MAX_MEDIUM),
        )
    }
    enter_first = form.text("enter_room_first", 3)
    answers["enter_room_first"] = enter_first if enter_first in {"yes", "no"} else ""
    changing = context.record.communication_preferences is not None
    reason = optional_reason(form, answers, errors)
    if changing and reason is None:
        errors.add("reason", "Say why the preferences changed")
    preferences = {
        "contact_allowed": allowed,
        "contact_refused": refused,
        "in_their_words": words,
        "who_to_involve": involve,
        "easy_read": "easy_read" in support,
        "pictures": "pictures" in support,
        "interpreter_needed": "interpreter_needed" in support,
        "enter_room_first": {"yes": True, "no": False}.get(enter_first),
        **short,
    }
    return Submission(
        answers,
        errors,
        "/communication-preferences",
        {"preferences": preferences, "reason": reason},
        method="PUT",
    )


# --- risks ---------------------------------------------------------------------------------


def read_risk(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    risk_type = required_choice(
        form, answers, errors, "risk_type", coded(RiskType), "Select the type of risk"
    )
    location = required_choice(
        form, answers, errors, "location", coded(RiskLocation), "Select where the risk is"
    )
    source = required_choice(
        form, answers, errors, "source", coded(RiskSource), "Select who the risk is from"
    )
    body = {"risk_type": risk_type, "location": location, "source": source}
    return Submission(answers, errors, "/risks", body, id_field="risk_id")


def identifies_risk(assessment_outcome: str) -> bool:
    try:
        return RiskAssessmentOutcome(assessment_outcome).risk_identified
    except ValueError:
        return False


def read_risk_conclusion(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    assessment = required_choice(
        form,
        answers,
        errors,
        "assessment_outcome",
        coded(RiskAssessmentOutcome),
        "Select what the risk assessment concluded",
    )
    outcome_given = form.text("risk_outcome", MAX_SHORT)
    answers["risk_outcome"] = outcome_given
    risk_outcome: str | None = None
    if assessment and identifies_risk(assessment):
        risk_outcome = required_choice(
            form,
            answers,
            errors,
            "risk_outcome",
            coded(RiskOutcome),
            "Select what became of the risk",
        )
    body = {"assessment_outcome": assessment, "risk_outcome": risk_outcome}
    return Submission(answers, errors, f"/risks/{context.item_id}/conclusion", body)


# --- section 42 ----------------------------------------------------------------------------


def read_section_42(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    body: dict[str, Any] = {}
    for name, question in SECTION_42_TESTS:
        met = answered_yes(form, answers, errors, f"{name}_met", question)
        reason = required_text(
            form,
            answers,
            errors,
            f"{name}_reason",
            "Give the reason for this answer",
            MAX_WORDS,
            "The reason",
        )
        body[name] = {"met": met, "reason": reason}
    result = required_choice(
        form, answers, errors, "result", coded(Section42Result), "Select the decision"
    )
    routing = form.text("routing", MAX_SHORT)
    answers["routing"] = routing
    if result == Section42Result.SECTION_42 and not all(
        answers[f"{name}_met"] == "yes" for name, _ in SECTION_42_TESTS
    ):
        errors.add(
            "result",
            "A Section 42 enquiry needs all three tests met: choose Other enquiry or No enquiry",
        )
    if result == Section42Result.NO_ENQUIRY:
        routing_value = required_choice(
            form,
            answers,
            errors,
            "routing",
            coded(NoEnquiryRouting),
            "Select where the concern goes when there is no enquiry",
        )
        body["routing"] = routing_value
    body["result"] = result
    return Submission(answers, errors, "/section-42-decision", body)


# --- capacity ------------------------------------------------------------------------------


def read_capacity(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    decision = required_text(
        form,
        answers,
        errors,
        "decision",
        "Enter the decision the assessment was about",
        MAX_MEDIUM,
        "The decision",
    )
    outcome = required_choice(
        form,
        answers,
        errors,
        "outcome",
        coded(CapacityOutcome),
        "Select whether they lacked capacity for this decision",
    )
    assessor = required_text(
        form,
        answers,
        errors,
        "assessor",
        "Enter who assessed their capacity",
        MAX_SHORT,
        "Who assessed",
    )
    assessed_on, typed = date_typed(form, answers, "assessed")
    if assessed_on is None:
        errors.add(
            "assessed",
            "Enter the date of the assessment"
            if not typed
            else "Enter a real date, for example 3 11 2026",
        )
    elif assessed_on > context.today:
        errors.add("assessed", "The date of the assessment must be today or in the past")
    fluctuates = required_choice(
        form,
        answers,
        errors,
        "fluctuates",
        YES_NO,
        "Select yes if their capacity comes and goes",
    )
    body = {
        "decision": decision,
        "outcome": outcome,
        "assessor": assessor,
        "assessed_on": assessed_on.isoformat() if assessed_on else None,
        "fluctuates": fluctuates == "yes",
    }
    return Submission(answers, errors, "/capacity-assessments", body, id_field="assessment_id")


# --- advocacy ------------------------------------------------------------------------------

ADVOCACY_QUESTIONS = (
    ("substantial_difficulty", "Would they have substantial difficulty taking part?"),
    ("appropriate_person_available", "Is there an appropriate person to support them?"),
    ("family_or_friend_to_consult", "Is there family or a friend to consult?"),
)


def read_advocacy_need(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    body: dict[str, Any] = {}
    for name, question in ADVOCACY_QUESTIONS:
        body[name] = answered_yes(form, answers, errors, name, question)
    return Submission(answers, errors, "/advocacy/needs", body, id_field="need_id")


def advocate_choices(need: Need | None) -> Choices:
    """Where an ICA is required, only an ICA may be appointed."""
    if need is not None and need.ica_required:
        return [(AdvocateKind.ICA.value, "Independent capacity advocate (ICA)")]
    return [(k.value, k.value.capitalize()) for k in AdvocateKind]


def read_advocate(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    kind = required_choice(
        form,
        answers,
        errors,
        "kind",
        advocate_choices(context.record.need(context.item_id)),
        "Select the kind of advocate",
    )
    name = required_text(
        form,
        answers,
        errors,
        "advocate_name",
        "Enter the advocate's name",
        MAX_SHORT,
        "The name",
    )
    organisation = optional_text(
        form,
        answers,
        errors,
        "organisation",
        MAX_SHORT,
        "The organisation",
    )
    contact = optional_text(
        form,
        answers,
        errors,
        "contact",
        MAX_MEDIUM,
        "How to contact them",
    )
    advocate = {"kind": kind, "name": name, "organisation": organisation, "contact": contact}
    return Submission(
        answers, errors, f"/advocacy/needs/{context.item_id}/appointment", {"advocate": advocate}
    )


# --- consent -------------------------------------------------------------------------------


def recipients(own_agency: str) -> Choices:
    return agency_choices(excluding=own_agency)


DECIDED_BY_CHOICES: Choices = [(d.value, d.value.capitalize()) for d in ConsentDecidedBy]


def read_consent(data: Any, context: Context) -> Submission:
    form, answers, errors = start(data)
    recipient = required_choice(
        form,
        answers,
        errors,
        "recipient",
        recipients(context.agency_id),
        "Select the agency the decision is about",
    )
    purpose = required_choice(
        form, answers, errors, "purpose", PURPOSE_CHOICES, "Select what the information is for"
    )
    decision = required_choice(
        form,
        answers,
        errors,
        "decision",
        CONSENT_DECISIONS,
        "Select whether consent was given, refused or withdrawn",
    )
    decided_by = required_choice(
        form, answers, errors, "decided_by", DECIDED_BY_CHOICES, "Select who decided"
    )
    kinds = form.many("kinds", KIND_CHOICES)
    answers["kinds"] = kinds
    capacity = form.text("capacity", 3)
    answers["capacity"] = capacity
    valid_until, typed = date_typed(form, answers, "valid_until")
    reason = optional_reason(form, answers, errors)
    common = {"recipient_agency_id": recipient, "purpose": purpose, "decided_by": decided_by}
    if decision == "withdrawn":
        return Submission(answers, errors, "/consents/withdrawal", {**common, "reason": reason})
    required_choice(
        form,
        answers,
        errors,
        "capacity",
        YES_NO,
        "Select yes if they have capacity to make this decision",
    )
    if decision == "given" and not kinds:
        errors.add("kinds", "Select the information they agreed may be shared")
    if decision == "refused" and kinds:
        errors.add("kinds", "A refusal shares nothing: clear the information boxes")
    if typed and valid_until is None:
        errors.add("valid_until", "Enter a real date, for example 1 5 2027")
    elif valid_until is not None and valid_until <= context.today:
        errors.add("valid_until", "The date it is valid until must be in the future")
    body = {
        **common,
        "decision": decision,
        "capacity_to_consent": capacity == "yes",
        "information_kinds": kinds if decision == "given" else [],
        "valid_until": valid_until.isoformat() if valid_until and decision == "given" else None,
    }
    return Submission(answers, errors, "/consents", body, id_field="consent_id")
