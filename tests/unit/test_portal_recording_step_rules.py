"""The later steps' pure rules: the person's words sent exactly as typed and kept whole when too
long; the next check after today; the lead to a colleague only within the agency."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
from starlette.datastructures import FormData

from services.portal.views.form_input import Context
from services.portal.views.recordable import Recordable
from services.portal.views.recording_steps import (
    read_advocacy_declined,
    read_declined_intervention,
    read_lead_transfer,
)

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 27)
WORDS = "  I don't want\r\nanyone else involved  "


def context() -> Context:
    enquiry = Recordable.model_validate(
        {"enquiry_id": str(uuid.uuid4()), "version": 3, "lead_practitioner_id": "asc-1"}
    )
    return Context(
        record=enquiry,
        today=TODAY,
        agency_id="adult-social-care",
        item_id=uuid.uuid4(),
        colleagues=(("asc-1", "Alex Morgan"), ("asc-2", "Jordan Lee")),
    )


def test_declined_advocacy_sends_their_words_exactly_and_keeps_too_many_whole() -> None:
    sent = read_advocacy_declined(FormData({"persons_words": WORDS}), context())
    too_long = read_advocacy_declined(FormData({"persons_words": "x" * 10_001}), context())

    assert sent.body == {"persons_words": WORDS}
    assert too_long.errors.messages == {
        "persons_words": "Their words must be 10,000 characters or fewer"
    }
    assert too_long.answers["persons_words"] == "x" * 10_001


def test_a_decline_needs_a_next_check_after_today_and_whether_they_were_told() -> None:
    today = read_declined_intervention(
        FormData(
            {
                "next_check_day": "27",
                "next_check_month": "11",
                "next_check_year": "2026",
                "raised_anyway_because": "A crime.",
            }
        ),
        context(),
    )
    sent = read_declined_intervention(
        FormData({"next_check_day": "28", "next_check_month": "11", "next_check_year": "2026"}),
        context(),
    )

    assert set(today.errors.messages) == {"next_check", "person_told"}
    assert sent.body == {
        "persons_words": None,
        "next_check_on": "2026-11-28",
        "raised_anyway_because": None,
        "person_told": None,
    }


@pytest.mark.parametrize(
    ("fields", "field", "sent_to"),
    [
        ({"to_agency": "adult-social-care"}, "to_practitioner", None),
        ({"to_agency": "adult-social-care", "to_practitioner": "asc-1"}, "to_practitioner", None),
        ({"to_agency": "adult-social-care", "to_practitioner": "nobody"}, "to_practitioner", None),
        ({"to_agency": "police", "to_practitioner": "asc-2"}, "to_practitioner", None),
        ({"to_agency": "adult-social-care", "to_practitioner": "asc-2"}, None, "asc-2"),
        ({"to_agency": "police"}, None, None),
    ],
)
def test_the_lead_goes_to_a_colleague_only_within_the_agency(
    fields: dict[str, str], field: str | None, sent_to: str | None
) -> None:
    sent = read_lead_transfer(FormData({**fields, "reason": "Leave."}), context())

    assert list(sent.errors.messages) == ([field] if field else [])
    assert sent.body["to_practitioner_id"] == sent_to


def test_without_colleagues_nobody_in_the_agency_can_be_named() -> None:
    alone = replace(context(), colleagues=())

    sent = read_lead_transfer(
        FormData({"to_agency": "adult-social-care", "to_practitioner": "asc-2", "reason": "x"}),
        alone,
    )

    assert "to_practitioner" in sent.errors.messages
