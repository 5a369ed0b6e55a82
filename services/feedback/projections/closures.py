"""Intake's closures and reopenings, as this service received them (consumer projection)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.feedback.tables import enquiry_closures, enquiry_reopenings
from shared.contracts.intake import EnquiryClosed, EnquiryReopened
from shared.projections import Recorded


class EnquiryClosures:
    name = "enquiry_closures"
    handles = frozenset({EnquiryClosed.event_type, EnquiryReopened.event_type})

    @property
    def tables(self) -> Sequence[Table]:
        return (enquiry_closures, enquiry_reopenings)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        closures, reopenings = [], []
        for recorded in events:
            event, envelope = recorded.event, recorded.envelope
            if isinstance(event, EnquiryClosed):
                closures.append(
                    {
                        "closure_event_id": envelope.event_id,
                        "enquiry_id": event.enquiry_id,
                        "lead_agency_id": event.lead_agency_id,
                        "lead_practitioner_id": event.lead_practitioner_id,
                        "closed_at": event.closed_at,
                        "correlation_id": envelope.correlation_id,
                        "source_position": envelope.position,
                    }
                )
            elif isinstance(event, EnquiryReopened):
                reopenings.append(
                    {
                        "reopening_event_id": envelope.event_id,
                        "enquiry_id": event.enquiry_id,
                        "reopened_at": event.reopened_at,
                    }
                )
        if closures:
            await conn.execute(insert(enquiry_closures), closures)
        if reopenings:
            await conn.execute(insert(enquiry_reopenings), reopenings)
