"""The staff directory: each user's work email and manager, as last recorded."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, delete, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.tables import staff
from shared.contracts.notifications import StaffMemberRecorded
from shared.projections import Recorded


class Staff:
    name = "notifications_staff"
    handles = frozenset({StaffMemberRecorded.event_type})

    @property
    def tables(self) -> Sequence[Table]:
        return (staff,)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            event = recorded.event
            assert isinstance(event, StaffMemberRecorded)
            await conn.execute(delete(staff).where(staff.c.user_id == event.user_id))
            await conn.execute(
                insert(staff).values(
                    user_id=event.user_id,
                    agency_id=event.agency_id,
                    email=event.email,
                    manager_id=event.manager_id,
                    recorded_at=event.recorded_at,
                )
            )
