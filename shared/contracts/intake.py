"""Events published by the intake service on `msp.intake.events`."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from shared.events import DomainEvent

STREAM = "msp.intake.events"


class EnquiryOpened(DomainEvent):
    """An enquiry was opened for a person; its lead agency now owns the record."""

    event_type = "intake.EnquiryOpened"

    enquiry_id: UUID = Field(description="the enquiry, also the stream id")
    lead_agency_id: str = Field(description="the agency leading the enquiry")
    lead_practitioner_id: str = Field(description="the user leading the enquiry")
    opened_at: datetime = Field(description="when the enquiry was opened (UTC)")


EVENTS: tuple[type[DomainEvent], ...] = (EnquiryOpened,)
