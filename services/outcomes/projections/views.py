"""Who viewed which enquiry's outcomes, and when: every view is a recorded fact."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.outcomes.tables import record_views
from shared.contracts import outcomes as facts
from shared.projections import Recorded


class RecordViews:
    name = "record_views"
    handles = frozenset({facts.RecordViewed.event_type})

    @property
    def tables(self) -> Sequence[Table]:
        return (record_views,)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        rows = []
        for recorded in events:
            event, envelope = recorded.event, recorded.envelope
            assert isinstance(event, facts.RecordViewed)
            rows.append(
                {
                    "event_id": envelope.event_id,
                    "enquiry_id": event.enquiry_id,
                    "user_id": envelope.actor.user_id,
                    "agency_id": envelope.actor.agency_id,
                    "what": event.what,
                    "viewed_at": event.viewed_at,
                }
            )
        await conn.execute(insert(record_views), rows)
