"""Intake's pure rules: no database, no event loop."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from services.intake import domain
from shared.contracts.intake import EnquiryOpened
from tests.support import an_actor

pytestmark = pytest.mark.unit
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def test_the_actor_s_agency_leads_the_enquiry_it_opens() -> None:
    enquiry_id = uuid.uuid4()
    actor = an_actor(agency="police", user="officer-7")

    (event,) = domain.open_enquiry(enquiry_id=enquiry_id, actor=actor, now=NOW)

    assert event == EnquiryOpened(
        enquiry_id=enquiry_id,
        lead_agency_id="police",
        lead_practitioner_id="officer-7",
        opened_at=NOW,
    )


def test_the_enquiry_is_the_fold_of_its_events() -> None:
    enquiry_id = uuid.uuid4()
    events = domain.open_enquiry(enquiry_id=enquiry_id, actor=an_actor(agency="health"), now=NOW)

    assert domain.fold(events) == domain.Enquiry(enquiry_id, "health", version=1)
    assert domain.fold([]) is None
