"""Intake's facts about each enquiry: who leads it now and whether it is closed.

Received through the group `outcomes.leads`. With several replicas, deliveries of one enquiry
can overtake each other, so each part keeps the intake version it came from and only a later
fact replaces it. Closing stops the due reports of the enquiry; reopening re-arms them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.outcomes.projections.plans import refresh_actions, refresh_review
from services.outcomes.tables import enquiry_leads
from shared.contracts import intake
from shared.projections import Recorded

NEW_ROW = {
    "lead_agency_id": None,
    "lead_practitioner_id": None,
    "lead_version": 0,
    "closed": False,
    "status_version": 0,
}


class EnquiryLeads:
    name = "enquiry_leads"
    handles = frozenset(
        t.event_type
        for t in (
            intake.EnquiryOpened,
            intake.LeadTransferred,
            intake.EnquiryClosed,
            intake.EnquiryReopened,
        )
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (enquiry_leads,)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            await self._apply_one(conn, recorded)

    async def _apply_one(self, conn: AsyncConnection, recorded: Recorded) -> None:
        event, version = recorded.event, recorded.envelope.version
        enquiry_id = event.enquiry_id  # type: ignore[attr-defined]
        query = select(enquiry_leads).where(enquiry_leads.c.enquiry_id == enquiry_id)
        if conn.dialect.name != "sqlite":
            query = query.with_for_update()  # two replicas applying facts of one enquiry
        found = (await conn.execute(query)).mappings().first()
        row: dict[str, Any] = dict(found) if found is not None else dict(NEW_ROW)
        was_closed = row["closed"]
        match event:
            case intake.EnquiryOpened() | intake.LeadTransferred():
                if version > row["lead_version"]:
                    row["lead_agency_id"] = event.lead_agency_id
                    row["lead_practitioner_id"] = event.lead_practitioner_id
                    row["lead_version"] = version
            case intake.EnquiryClosed() | intake.EnquiryReopened():
                if version > row["status_version"]:
                    row["closed"] = isinstance(event, intake.EnquiryClosed)
                    row["status_version"] = version
        row.pop("enquiry_id", None)
        if found is None:
            await conn.execute(insert(enquiry_leads).values(enquiry_id=enquiry_id, **row))
        else:
            await conn.execute(
                update(enquiry_leads).where(enquiry_leads.c.enquiry_id == enquiry_id).values(**row)
            )
        if row["closed"] != was_closed:
            await refresh_review(conn, enquiry_id)
            await refresh_actions(conn, enquiry_id)
