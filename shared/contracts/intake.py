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


class LeadTransferred(DomainEvent):
    """The lead of an enquiry moved: to another practitioner, or to another agency that accepted."""

    event_type = "intake.LeadTransferred"

    enquiry_id: UUID
    lead_agency_id: str = Field(description="the agency now leading the enquiry")
    lead_practitioner_id: str = Field(description="the user now leading the enquiry")
    previous_agency_id: str
    previous_practitioner_id: str


class EnquiryClosed(DomainEvent):
    """A manager signed the enquiry off; outcomes, feedback and notifications act on it."""

    event_type = "intake.EnquiryClosed"

    enquiry_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    closed_at: datetime
    closure_reason: str = Field(description="the reason code chosen at closure")
    signed_off_by: str = Field(description="the manager (not the lead) who signed it off")


class EnquiryReopened(DomainEvent):
    """A closed enquiry was reopened, with a reason."""

    event_type = "intake.EnquiryReopened"

    enquiry_id: UUID
    reopened_at: datetime
    reason: str


# Contract agreed between the services before #3 and #4 were built in parallel: intake may add
# events and fields (additive only); the ones above keep their names and fields.
EVENTS: tuple[type[DomainEvent], ...] = (
    EnquiryOpened,
    LeadTransferred,
    EnquiryClosed,
    EnquiryReopened,
)
