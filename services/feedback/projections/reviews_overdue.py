"""Outcomes' overdue reviews as this service received them (consumer projection, for the report)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.feedback.tables import report_reviews_overdue
from shared.contracts.outcomes import ReviewOverdue
from shared.projections import Recorded


class ReviewsOverdue:
    name = "report_reviews_overdue"
    handles = frozenset({ReviewOverdue.event_type})

    @property
    def tables(self) -> Sequence[Table]:
        return (report_reviews_overdue,)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        rows = []
        for recorded in events:
            event = recorded.event
            assert isinstance(event, ReviewOverdue)
            rows.append(
                {
                    "overdue_event_id": recorded.envelope.event_id,
                    "enquiry_id": event.enquiry_id,
                    "lead_agency_id": event.lead_agency_id,
                    "due_on": event.due_on,
                }
            )
        await conn.execute(insert(report_reviews_overdue), rows)
