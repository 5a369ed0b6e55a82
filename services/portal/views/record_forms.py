"""The recording forms the page `/enquiries/{id}/record/{form}` serves: for each, its title, its
fields' template, its button, how it reads what was posted, and intake's field names mapped to
its own (so that intake's refusals land beside the right field)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from services.portal.views.form_input import Context, Submission
from services.portal.views.recording import (
    ADVOCACY_QUESTIONS,
    SECTION_42_TESTS,
    read_advocacy_need,
    read_advocate,
    read_capacity,
    read_consent,
    read_preferences,
    read_risk,
    read_risk_conclusion,
    read_section_42,
)
from services.portal.views.recording_steps import (
    read_advocacy_declined,
    read_advocacy_offer,
    read_declined_intervention,
    read_lead_transfer,
    read_monitoring_check,
    read_reopening,
    read_take_up,
    read_timescales_pause,
    read_timescales_resume,
)


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
    # The part of the enquiry page the person returns to afterwards (its anchor).
    section: str = field(kw_only=True)


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
            section="communication",
        ),
        RecordForm(
            "risk",
            "Record a risk",
            "record/risk.html",
            "Record the risk",
            read_risk,
            {"risk_type": "risk_type", "location": "location", "source": "source"},
            section="risks",
        ),
        RecordForm(
            "risk-conclusion",
            "Conclude a risk",
            "record/risk_conclusion.html",
            "Record the conclusion",
            read_risk_conclusion,
            {"assessment_outcome": "assessment_outcome", "risk_outcome": "risk_outcome"},
            item="risk",
            section="risks",
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
            section="section-42",
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
            section="capacity",
        ),
        RecordForm(
            "advocacy-need",
            "Does the person need an advocate?",
            "record/advocacy_need.html",
            "Record the need",
            read_advocacy_need,
            {name: name for name, _ in ADVOCACY_QUESTIONS},
            section="capacity",
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
            section="capacity",
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
            section="consent",
        ),
        RecordForm(
            "advocacy-offer",
            "Record that advocacy was offered",
            "record/advocacy_offer.html",
            "Record the offer",
            read_advocacy_offer,
            {},
            item="need",
            section="capacity",
        ),
        RecordForm(
            "advocacy-declined",
            "Record that the person declined an advocate",
            "record/advocacy_declined.html",
            "Record that they declined",
            read_advocacy_declined,
            {"persons_words": "persons_words", "need_id": "persons_words"},
            item="need",
            section="capacity",
        ),
        RecordForm(
            "timescales-pause",
            "Pause the timescales",
            "record/timescales.html",
            "Pause the timescales",
            read_timescales_pause,
            {"reason": "reason"},
            section="progress",
        ),
        RecordForm(
            "timescales-resume",
            "Start the timescales again",
            "record/timescales.html",
            "Start the timescales again",
            read_timescales_resume,
            {"reason": "reason"},
            section="progress",
        ),
        RecordForm(
            "declined-intervention",
            "Record that the person declined support",
            "record/declined_intervention.html",
            "Record that they declined",
            read_declined_intervention,
            {
                "persons_words": "persons_words",
                "next_check_on": "next_check",
                "raised_anyway_because": "raised_anyway_because",
                "person_told": "person_told",
            },
            ids={"next_check": "next_check-day"},
            section="progress",
        ),
        RecordForm(
            "take-up",
            "Record that the person took up support again",
            "record/take_up.html",
            "Record that they took it up",
            read_take_up,
            {},
            section="progress",
        ),
        RecordForm(
            "monitoring-check",
            "Record a monitoring check",
            "record/monitoring_check.html",
            "Record the check",
            read_monitoring_check,
            {"note": "note", "next_check_on": "next_check"},
            ids={"next_check": "next_check-day"},
            section="progress",
        ),
        RecordForm(
            "lead-transfer",
            "Move the lead",
            "record/lead_transfer.html",
            "Move the lead",
            read_lead_transfer,
            {
                "to_agency_id": "to_agency",
                "to_practitioner_id": "to_practitioner",
                "reason": "reason",
            },
            section="lead",
        ),
        RecordForm(
            "reopening",
            "Reopen the enquiry",
            "record/reopening.html",
            "Reopen the enquiry",
            read_reopening,
            {"reason": "reason"},
            section="lead",
        ),
    )
}
