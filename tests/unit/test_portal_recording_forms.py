"""The recording forms' pure rules: what each sends to intake, and each mistake named on its
field, with what was typed kept."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from starlette.datastructures import FormData, UploadFile

from services.portal.views.form_input import Context
from services.portal.views.record_forms import FORMS
from services.portal.views.recordable import Recordable
from services.portal.views.recording import (
    advocate_choices,
    read_capacity,
    read_consent,
    read_preferences,
    read_risk_conclusion,
    read_section_42,
)

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 27)
WORDS = "  Please don't send me letters,\r\nmy reading isn't all that  "


def context(**record: object) -> Context:
    enquiry = Recordable.model_validate({"enquiry_id": str(uuid.uuid4()), "version": 3, **record})
    return Context(record=enquiry, today=TODAY, agency_id="adult-social-care", item_id=None)


def form(**fields: str | list[str]) -> FormData:
    pairs: list[tuple[str, str | UploadFile]] = []
    for name, value in fields.items():
        pairs += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
    return FormData(pairs)


def test_the_persons_words_are_sent_exactly_as_typed() -> None:
    sent = read_preferences(
        form(in_their_words=WORDS, contact_allowed=["face to face", "made up"]), context()
    )

    assert not sent.errors
    assert sent.method == "PUT"
    assert sent.body["preferences"]["in_their_words"] == WORDS  # not trimmed, not re-cased
    assert sent.body["preferences"]["contact_allowed"] == [
        "face to face"
    ]  # not on the list: dropped
    assert sent.body["reason"] is None


def test_a_way_both_wanted_and_refused_and_a_change_without_a_reason_are_refused() -> None:
    sent = read_preferences(
        form(in_their_words=WORDS, contact_allowed="letter", contact_refused="letter"),
        context(communication_preferences={"contact_allowed": ["phone"]}),
    )

    assert sent.errors.messages == {
        "contact_refused": "A way cannot be both wanted and refused: letter",
        "reason": "Say why the preferences changed",
    }
    assert sent.answers["in_their_words"] == WORDS  # kept for the form shown again


def test_a_risk_identified_needs_what_became_of_it() -> None:
    identified = read_risk_conclusion(
        form(assessment_outcome="Risk identified and action taken"), context()
    )
    none_found = read_risk_conclusion(
        form(assessment_outcome="No risk identified and no action taken", risk_outcome="x"),
        context(),
    )

    assert identified.errors.messages == {"risk_outcome": "Select what became of the risk"}
    assert not none_found.errors
    assert none_found.body["risk_outcome"] is None


def test_section_42_needs_every_reason_and_all_three_tests_for_an_enquiry() -> None:
    sent = read_section_42(
        form(
            needs_care_and_support_met="yes",
            needs_care_and_support_reason="Learning disability.",
            experiencing_or_at_risk_of_abuse_met="yes",
            experiencing_or_at_risk_of_abuse_reason="Abuse alleged.",
            unable_to_protect_themselves_met="no",
            result="Section 42 enquiry",
        ),
        context(),
    )
    no_enquiry = read_section_42(
        form(
            **{
                f"{t}_met": "no"
                for t in (
                    "needs_care_and_support",
                    "experiencing_or_at_risk_of_abuse",
                    "unable_to_protect_themselves",
                )
            },
            **{
                f"{t}_reason": "No."
                for t in (
                    "needs_care_and_support",
                    "experiencing_or_at_risk_of_abuse",
                    "unable_to_protect_themselves",
                )
            },
            result="No enquiry",
            routing="Signposted to another agency",
        ),
        context(),
    )

    assert set(sent.errors.messages) == {"unable_to_protect_themselves_reason", "result"}
    assert not no_enquiry.errors
    assert no_enquiry.body["routing"] == "Signposted to another agency"
    assert no_enquiry.body["needs_care_and_support"] == {"met": False, "reason": "No."}


def test_a_capacity_assessment_is_dated_today_or_before() -> None:
    fields = {
        "decision": "Where to live",
        "outcome": "Don't know",
        "assessor": "Dr A",
        "fluctuates": "yes",
        "assessed_day": "28",
        "assessed_month": "11",
        "assessed_year": "2026",
    }
    tomorrow = read_capacity(form(**fields), context())
    not_a_date = read_capacity(
        form(**{**fields, "assessed_day": "31", "assessed_month": "2"}), context()
    )
    today = read_capacity(form(**{**fields, "assessed_day": "27"}), context())

    assert tomorrow.errors.messages == {
        "assessed": "The date of the assessment must be today or in the past"
    }
    assert not_a_date.errors.messages == {"assessed": "Enter a real date, for example 3 11 2026"}
    assert today.body["assessed_on"] == "2026-11-27"
    assert today.body["fluctuates"] is True
    assert today.id_field == "assessment_id"


def test_consent_given_refused_and_withdrawn_go_to_intakes_two_commands() -> None:
    given = read_consent(
        form(
            recipient="police",
            purpose="safeguarding_enquiry",
            decision="given",
            decided_by="the person",
            capacity="yes",
            kinds=["identity"],
        ),
        context(),
    )
    own_agency = read_consent(
        form(recipient="adult-social-care", purpose="x", decision="refused"), context()
    )
    withdrawn = read_consent(
        form(
            recipient="police",
            purpose="safeguarding_enquiry",
            decision="withdrawn",
            decided_by="the person",
            reason="I changed my mind.",
        ),
        context(),
    )

    assert not given.errors
    assert (given.path, given.id_field) == ("/consents", "consent_id")
    assert given.body["information_kinds"] == ["identity"]
    assert set(own_agency.errors.messages) == {"recipient", "purpose", "decided_by", "capacity"}
    assert not withdrawn.errors
    assert withdrawn.path == "/consents/withdrawal"
    assert withdrawn.id_field is None
    assert withdrawn.body == {
        "recipient_agency_id": "police",
        "purpose": "safeguarding_enquiry",
        "decided_by": "the person",
        "reason": "I changed my mind.",
    }


def test_where_an_ica_is_required_only_an_ica_may_be_appointed() -> None:
    record = context(advocacy=[{"need_id": str(uuid.uuid4()), "ica_required": True}]).record

    assert advocate_choices(record.advocacy[0]) == [
        ("independent capacity advocate", "Independent capacity advocate (ICA)")
    ]
    assert len(advocate_choices(None)) == 3


def test_every_form_maps_intakes_field_names_to_its_own() -> None:
    assert set(FORMS) == {
        "communication-preferences",
        "risk",
        "risk-conclusion",
        "section-42",
        "capacity",
        "advocacy-need",
        "advocate",
        "consent",
        "advocacy-offer",
        "advocacy-declined",
        "timescales-pause",
        "timescales-resume",
        "declined-intervention",
        "take-up",
        "monitoring-check",
        "lead-transfer",
        "reopening",
    }
    # Two forms ask nothing (a confirmation): intake's refusals of them go in the summary.
    no_questions = {"advocacy-offer", "take-up"}
    assert all(form.service_fields for slug, form in FORMS.items() if slug not in no_questions)
    assert all(form.section for form in FORMS.values())  # each returns to its section
    assert [slug for slug, form in FORMS.items() if form.managers_only] == ["section-42"]


def test_a_risk_blocking_closure_is_named_by_its_type_and_place_not_its_id() -> None:
    risk_id = uuid.uuid4()
    record = context(
        risks=[
            {
                "risk_id": str(risk_id),
                "risk_type": "Sexual Abuse",
                "location": "Own Home",
                "source": "Other - Known to individual",
            }
        ],
        closure_blocked_by=f"Risk {risk_id} has no risk assessment outcome.",
    ).record

    assert record.blocker == "The Sexual Abuse risk (Own Home) has no risk assessment outcome."
