"""The access log: one row per view of an enquiry's record."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.intake.tables import access_log
from shared.contracts.intake import EnquiryRecordViewed
from shared.projections import Recorded


class AccessLog:
    name = "intake_access_log"
    handles = frozenset({EnquiryRecordViewed.event_type})

    @property
    def tables(self) -> Sequence[Table]:
        return (access_log,)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        rows = []
        for recorded in events:
            view = recorded.event
            assert isinstance(view, EnquiryRecordViewed)
            rows.append(
                {
                    "position": recorded.envelope.position,
                    "enquiry_id": view.enquiry_id,
                    "user_id": view.user_id,
                    "agency_id": view.agency_id,
                    "role": view.role,
                    "view": view.view,
                    "viewed_at": view.viewed_at,
                }
            )
        await conn.execute(insert(access_log), rows)
