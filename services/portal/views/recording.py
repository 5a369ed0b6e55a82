"""The forms that record what intake holds about an enquiry: what each asks, its checks in plain
English, and the body each sends to intake.

Each `read_*` takes the posted form and gives back a `Submission`: the answers as typed (shown
again on an error, so nothing is lost), the errors beside their fields, and intake's path and
body. The person's words are sent exactly as typed: never trimmed, never re-cased.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.portal.forms import FormErrors
from services.portal.views.sharing import AGENCIES, KIND_CHOICES, PURPOSE_CHOICES
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

MAX_WORDS = 2_000
MAX_SHORT = 200
MAX_MEDIUM = 500

# (value, label): the national lists' values are their own labels.
Choices = list[tuple[str, str]]


def coded(values: Any) -> Choices:
    return [(value.value, value.value) for value in values]


YES_NO: Choices = [("yes", "Yes"), ("no", "No")]
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


class Read(BaseModel):
    model_config = ConfigDict(extra="ignore")


class RiskLine(Read):
    risk_id: UUID
    risk_type: str
    location: str
    source: str
    assessment_outcome: str | None = None


class Need(Read):
    need_id: UUID
    ica_required: bool
    advocate: dict[str, Any] | None = None
    declined_at: str | None = None

    @property
    def open(self) -> bool:
        return self.advocate is None and self.declined_at is None


class Closure(Read):
    closed_at: datetime
    reason: str
    signed_off_by: str


class ClosureProposal(Read):
    proposed_at: datetime
    reason: str
    proposed_by: str


class Recordable(Read):
    """What the forms need of intake's record: ids of risks and needs, and the preferences."""

    enquiry_id: UUID
    version: int
    status: str = "open"
    lead_agency_id: str | None = None
    lead_practitioner_id: str | None = None
    risks: list[RiskLine] = []
    advocacy: list[Need] = []
    communication_preferences: dict[str, Any] | None = None
    closure: Closure | None = None
    closure_proposal: ClosureProposal | None = None
    closure_blocked_by: str | None = None
    unassessed_outcomes: int = 0
    concern: dict[str, Any] | None = None

    @property
    def person_name(self) -> str | None:
        person = (self.concern or {}).get("person") or {}
        name = person.get("name")
        return str(name) if name else None

    @property
    def blocker(self) -> str | None:
        """Intake's first closure rule not met, with a risk named by its type and place rather
        than its id."""
        message = self.closure_blocked_by
        for risk in self.risks:
            if message and str(risk.risk_id) in message:
                message = message.replace(
                    f"Risk {risk.risk_id}", f"The {risk.risk_type} risk ({risk.location})"
                )
        return message

    def risk(self, risk_id: UUID | None) -> RiskLine | None:
        return next((r for r in self.risks if r.risk_id == risk_id), None)

    def need(self, need_id: UUID | None) -> Need | None:
        return next((n for n in self.advocacy if n.need_id == need_id), None)


@dataclass
class Submission:
    answers: dict[str, Any]
    errors: FormErrors = field(default_factory=FormErrors)
    path: str = ""
    body: dict[str, Any] = field(default_factory=dict)
    method: str = "POST"
    # The id the form chose for what it records, so that a second send is the same record.
    id_field: str | None = None


@dataclass(frozen=True)
class Context:
    """What a form's checks need beyond what was typed."""

    record: Recordable
    today: date
    agency_id: str
    item_id: UUID | None = None


class Form:
    """The posted fields, read defensively: text capped, choices checked against their list."""

    def __init__(self, data: Any) -> None:
        self._data = data

    def text(self, name: str, limit: int = MAX_WORDS * 5) -> str:
        value = self._data.get(name, "")
        return value[:limit] if isinstance(value, str) else ""

    def many(self, name: str, choices: Choices) -> list[str]:
        allowed = {value for value, _ in choices}
        return [v for v in self._data.getlist(name) if isinstance(v, str) and v in allowed]


def _start(data: Any) -> tuple[Form, dict[str, Any], FormErrors]:
    return Form(data), {}, FormErrors()


def _required_choice(
    form: Form,
    answers: dict[str, Any],
    errors: FormErrors,
    name: str,
    choices: Choices,
    message: str,
) -> str | None:
    value = form.text(name, MAX_MEDIUM)
    answers[name] = value
    if value not in {v for v, _ in choices}:
        errors.add(name, message)
        return None
    return value


def _required_text(
    form: Form,
    answers: dict[str, Any],
    errors: FormErrors,
    name: str,
    message: str,
    limit: int,
    too_long: str,
) -> str:
    """Required words, kept exactly as typed; only all-blank counts as empty."""
    value = form.text(name)
    answers[name] = value
    if not value.strip():
        errors.add(name, message)
    elif len(value) > limit:
        errors.add(name, too_long)
    return value


def _optional_text(
    form: Form, answers: dict[str, Any], errors: FormErrors, name: str, limit: int, too_long: str
) -> str | None:
    value = form.text(name)
    answers[name] = value
    if len(value) > limit:
        errors.add(name, too_long)
    return value if value.strip() else None


def _date(form: Form, answers: dict[str, Any], prefix: str) -> tuple[date | None, bool]:
    """(the date, whether anything was typed)."""
    parts = [form.text(f"{prefix}_{part}", 4) for part in ("day", "month", "year")]
    for part, value in zip(("day", "month", "year"), parts, strict=True):
        answers[f"{prefix}_{part}"] = value
    if not any(p.strip() for p in parts):
        return None, False
    try:
        day, month, year = (int(p) for p in parts)
        return date(year, month, day), True
    except ValueError:
        return None, True


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
    form, answers, errors = _start(data)
    allowed = form.many("contact_allowed", CONTACT_CHOICES)
    refused = form.many("contact_refused", CONTACT_CHOICES)
    answers |= {"contact_allowed": allowed, "contact_refused": refused}
    both = [m for m in allowed if m in refused]
    words = _optional_text(
        form,
        answers,
        errors,
        "in_their_words",
        MAX_WORDS,
        f"Their words must be {MAX_WORDS:,} characters or fewer",
    )
    involve = _optional_text(
        form,
        answers,
        errors,
        "who_to_involve",
        MAX_MEDIUM,
        f"Who to involve must be {MAX_MEDIUM} characters or fewer",
    )
    if both:
        errors.add(
            "contact_refused",
            f"A way cannot be both wanted and refused: {', '.join(both)}",
        )
    support = form.many("support", SUPPORT_CHOICES)
    answers["support"] = support
    short = {
        name: _optional_text(
            form, answers, errors, name, limit, f"{label} must be {limit} characters or fewer"
        )
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
    reason = _optional_text(
        form,
        answers,
        errors,
        "reason",
        MAX_WORDS,
        f"The reason must be {MAX_WORDS:,} characters or fewer",
    )
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
    form, answers, errors = _start(data)
    risk_type = _required_choice(
        form, answers, errors, "risk_type", coded(RiskType), "Select the type of risk"
    )
    location = _required_choice(
        form, answers, errors, "location", coded(RiskLocation), "Select where the risk is"
    )
    source = _required_choice(
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
    form, answers, errors = _start(data)
    assessment = _required_choice(
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
        risk_outcome = _required_choice(
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
    form, answers, errors = _start(data)
    body: dict[str, Any] = {}
    for name, question in SECTION_42_TESTS:
        met = _required_choice(
            form,
            answers,
            errors,
            f"{name}_met",
            YES_NO,
            f"Select yes or no: {question[:-1].lower()}",
        )
        reason = _required_text(
            form,
            answers,
            errors,
            f"{name}_reason",
            "Give the reason for this answer",
            MAX_WORDS,
            f"The reason must be {MAX_WORDS:,} characters or fewer",
        )
        body[name] = {"met": met == "yes", "reason": reason}
    result = _required_choice(
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
        routing_value = _required_choice(
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
    form, answers, errors = _start(data)
    decision = _required_text(
        form,
        answers,
        errors,
        "decision",
        "Enter the decision the assessment was about",
        MAX_MEDIUM,
        f"The decision must be {MAX_MEDIUM} characters or fewer",
    )
    outcome = _required_choice(
        form,
        answers,
        errors,
        "outcome",
        coded(CapacityOutcome),
        "Select whether they lacked capacity for this decision",
    )
    assessor = _required_text(
        form,
        answers,
        errors,
        "assessor",
        "Enter who assessed their capacity",
        MAX_SHORT,
        f"Who assessed must be {MAX_SHORT} characters or fewer",
    )
    assessed_on, typed = _date(form, answers, "assessed")
    if assessed_on is None:
        errors.add(
            "assessed",
            "Enter the date of the assessment"
            if not typed
            else "Enter a real date, for example 3 11 2026",
        )
    elif assessed_on > context.today:
        errors.add("assessed", "The date of the assessment must be today or in the past")
    fluctuates = _required_choice(
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
    form, answers, errors = _start(data)
    body: dict[str, Any] = {}
    for name, question in ADVOCACY_QUESTIONS:
        answer = _required_choice(
            form, answers, errors, name, YES_NO, f"Select yes or no: {question[:-1].lower()}"
        )
        body[name] = answer == "yes"
    return Submission(answers, errors, "/advocacy/needs", body, id_field="need_id")


def advocate_choices(need: Need | None) -> Choices:
    """Where an ICA is required, only an ICA may be appointed."""
    if need is not None and need.ica_required:
        return [(AdvocateKind.ICA.value, "Independent capacity advocate (ICA)")]
    return [(k.value, k.value.capitalize()) for k in AdvocateKind]


def read_advocate(data: Any, context: Context) -> Submission:
    form, answers, errors = _start(data)
    kind = _required_choice(
        form,
        answers,
        errors,
        "kind",
        advocate_choices(context.record.need(context.item_id)),
        "Select the kind of advocate",
    )
    name = _required_text(
        form,
        answers,
        errors,
        "advocate_name",
        "Enter the advocate's name",
        MAX_SHORT,
        f"The name must be {MAX_SHORT} characters or fewer",
    )
    organisation = _optional_text(
        form,
        answers,
        errors,
        "organisation",
        MAX_SHORT,
        f"The organisation must be {MAX_SHORT} characters or fewer",
    )
    contact = _optional_text(
        form,
        answers,
        errors,
        "contact",
        MAX_MEDIUM,
        f"How to contact them must be {MAX_MEDIUM} characters or fewer",
    )
    advocate = {"kind": kind, "name": name, "organisation": organisation, "contact": contact}
    return Submission(
        answers, errors, f"/advocacy/needs/{context.item_id}/appointment", {"advocate": advocate}
    )


# --- consent -------------------------------------------------------------------------------


def recipients(own_agency: str) -> Choices:
    from services.portal.views.record import agency_name

    return [(a, agency_name(a)) for a in AGENCIES if a != own_agency]


DECIDED_BY_CHOICES: Choices = [(d.value, d.value.capitalize()) for d in ConsentDecidedBy]


def read_consent(data: Any, context: Context) -> Submission:
    form, answers, errors = _start(data)
    recipient = _required_choice(
        form,
        answers,
        errors,
        "recipient",
        recipients(context.agency_id),
        "Select the agency the decision is about",
    )
    purpose = _required_choice(
        form, answers, errors, "purpose", PURPOSE_CHOICES, "Select what the information is for"
    )
    decision = _required_choice(
        form,
        answers,
        errors,
        "decision",
        CONSENT_DECISIONS,
        "Select whether consent was given, refused or withdrawn",
    )
    decided_by = _required_choice(
        form, answers, errors, "decided_by", DECIDED_BY_CHOICES, "Select who decided"
    )
    kinds = form.many("kinds", KIND_CHOICES)
    answers["kinds"] = kinds
    capacity = form.text("capacity", 3)
    answers["capacity"] = capacity
    valid_until, typed = _date(form, answers, "valid_until")
    reason = _optional_text(
        form,
        answers,
        errors,
        "reason",
        MAX_WORDS,
        f"The reason must be {MAX_WORDS:,} characters or fewer",
    )
    common = {"recipient_agency_id": recipient, "purpose": purpose, "decided_by": decided_by}
    if decision == "withdrawn":
        return Submission(answers, errors, "/consents/withdrawal", {**common, "reason": reason})
    _required_choice(
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


# --- the forms, for the page that serves them ----------------------------------------------


@dataclass(frozen=True)
class RecordForm:
    slug: str
    title: str
    template: str
    button: str
    read: Callable[[Any, Context], Submission]
    # intake's field names -> this form's, for intake's refusals
    service_fields: dict[str, str]
    managers_only: bool = False
    # Error summary links: field -> the id of its first input, where they differ.
    ids: dict[str, str] = field(default_factory=dict)
    # For forms about one risk or one need.
    item: str | None = None


FORMS: dict[str, RecordForm] = {
    form.slug: form
    for form in (
        RecordForm(
            "communication-preferences",
            "How to communicate with the person",
            "record/preferences.html",
            "Save the preferences",
            read_preferences,
            {
                "preferences.contact_allowed": "contact_allowed",
                "preferences.contact_refused": "contact_refused",
                "contact_refused": "contact_refused",
                "preferences.in_their_words": "in_their_words",
                "preferences.who_to_involve": "who_to_involve",
                "preferences.language": "language",
                "preferences.meeting_place": "meeting_place",
                "preferences.meeting_times": "meeting_times",
                "preferences.pace": "pace",
                "reason": "reason",
            },
        ),
        RecordForm(
            "risk",
            "Record a risk",
            "record/risk.html",
            "Record the risk",
            read_risk,
            {"risk_type": "risk_type", "location": "location", "source": "source"},
        ),
        RecordForm(
            "risk-conclusion",
            "Conclude a risk",
            "record/risk_conclusion.html",
            "Record the conclusion",
            read_risk_conclusion,
            {"assessment_outcome": "assessment_outcome", "risk_outcome": "risk_outcome"},
            item="risk",
        ),
        RecordForm(
            "section-42",
            "Section 42 decision",
            "record/section_42.html",
            "Record the decision",
            read_section_42,
            {
                **{f"{name}.reason": f"{name}_reason" for name, _ in SECTION_42_TESTS},
                **{f"{name}.met": f"{name}_met" for name, _ in SECTION_42_TESTS},
                "result": "result",
                "routing": "routing",
            },
            managers_only=True,
        ),
        RecordForm(
            "capacity",
            "Record a capacity assessment",
            "record/capacity.html",
            "Record the assessment",
            read_capacity,
            {
                "decision": "decision",
                "outcome": "outcome",
                "assessor": "assessor",
                "assessed_on": "assessed",
                "fluctuates": "fluctuates",
            },
            ids={"assessed": "assessed-day"},
        ),
        RecordForm(
            "advocacy-need",
            "Does the person need an advocate?",
            "record/advocacy_need.html",
            "Record the need",
            read_advocacy_need,
            {name: name for name, _ in ADVOCACY_QUESTIONS},
        ),
        RecordForm(
            "advocate",
            "Record the advocate appointed",
            "record/advocate.html",
            "Record the appointment",
            read_advocate,
            {
                "kind": "kind",
                "advocate.kind": "kind",
                "advocate.name": "advocate_name",
                "advocate.organisation": "organisation",
                "advocate.contact": "contact",
            },
            item="need",
        ),
        RecordForm(
            "consent",
            "Record a consent decision",
            "record/consent.html",
            "Record the decision",
            read_consent,
            {
                "recipient_agency_id": "recipient",
                "purpose": "purpose",
                "decision": "decision",
                "decided_by": "decided_by",
                "capacity_to_consent": "capacity",
                "information_kinds": "kinds",
                "valid_until": "valid_until",
                "reason": "reason",
            },
            ids={"valid_until": "valid_until-day"},
        ),
    )
}
