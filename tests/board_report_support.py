"""Enquiries opened in May 2026, fed straight to feedback's report: the board report's tests
(feedback's API and the portal's page) count the same ones."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.feedback.app import DEFINITION as FEEDBACK
from shared.contracts.intake import EnquiryOpened
from shared.events import EventEnvelope
from shared.runtime import ServiceRuntime
from tests.support import an_actor


def opened(agency: str, day: int) -> EventEnvelope:
    """An enquiry `agency` leads, opened on `day` May 2026 (its stream position is the day)."""
    event = EnquiryOpened(
        enquiry_id=uuid.uuid4(),
        lead_agency_id=agency,
        lead_practitioner_id="lead-1",
        opened_at=datetime(2026, 5, day, tzinfo=UTC),
    )
    return EventEnvelope(
        event_id=uuid.uuid4(),
        event_type=event.event_type,
        schema_version=event.schema_version,
        stream_id=str(event.enquiry_id),
        version=1,
        position=day,
        occurred_at=event.opened_at,
        actor=an_actor(agency=agency),
        correlation_id=str(uuid.uuid4()),
        payload=event.model_dump(mode="json"),
    )


async def open_enquiries(feedback: ServiceRuntime, *, police: int, health: int = 0) -> None:
    """`police` enquiries opened on 1, 2, ... May, then `health` on the days after them."""
    (enquiries,) = [s for s in FEEDBACK.subscriptions if s.purpose == "enquiries"]
    days = range(1, police + health + 1)
    await feedback.applier_for(enquiries).apply(
        [opened("police" if day <= police else "health", day) for day in days]
    )
