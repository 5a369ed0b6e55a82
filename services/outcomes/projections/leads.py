"""Intake's facts about each enquiry: who leads it now and whether it is closed.

Received through the group `outcomes.leads`. With several replicas, deliveries of one enquiry
can overtake each other, so each part keeps the intake version it came from and only a later
fact replaces it. Closing stops the due reports of the enquiry; reopening re-arms them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, Uuid, any_, bindparam, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from services.outcomes.projections.plans import refresh_actions, refresh_review
from services.outcomes.tables import enquiry_leads
from shared.contracts import intake
from shared.eventstore.bulk import insert_rows
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
        # A batch is folded in memory and written with three statements, not two per event:
        # the consumer applies hundreds of EnquiryOpened at a time (bench/pipeline.py).
        ids = list(dict.fromkeys(r.event.enquiry_id for r in events))  # type: ignore[attr-defined]
        if conn.dialect.name == "sqlite":
            result = await conn.execute(_SELECT_SQLITE, {"ids": ids})
        else:
            result = await conn.execute(_SELECT_FOR_UPDATE, {"ids": ids})
        found = {row["enquiry_id"]: dict(row) for row in result.mappings()}
        rows = {enquiry_id: dict(found.get(enquiry_id, NEW_ROW)) for enquiry_id in ids}
        was_closed = {enquiry_id: row["closed"] for enquiry_id, row in rows.items()}
        for recorded in events:
            event = recorded.event
            _fold(rows[event.enquiry_id], event, recorded.envelope.version)  # type: ignore[attr-defined]
        new = [{**row, "enquiry_id": i} for i, row in rows.items() if i not in found]
        changed = [
            {**{name: row[name] for name in NEW_ROW}, "b_enquiry_id": i}
            for i, row in rows.items()
            if i in found and row != found[i]
        ]
        if new:
            await insert_rows(conn, enquiry_leads, new)
        if changed:
            await conn.execute(
                update(enquiry_leads)
                .where(enquiry_leads.c.enquiry_id == bindparam("b_enquiry_id"))
                .values({name: bindparam(name) for name in NEW_ROW}),
                changed,
            )
        for enquiry_id, row in rows.items():
            if row["closed"] != was_closed[enquiry_id]:
                await refresh_review(conn, enquiry_id)
                await refresh_actions(conn, enquiry_id)


# Built once. On PostgreSQL the ids are one array parameter: an IN list made SQLAlchemy render a
# parameter per id and a new statement for every batch size (a new prepare in asyncpg).
_SELECT_SQLITE = select(enquiry_leads).where(
    enquiry_leads.c.enquiry_id.in_(bindparam("ids", expanding=True))
)
_SELECT_FOR_UPDATE = (
    select(enquiry_leads)
    .where(enquiry_leads.c.enquiry_id == any_(bindparam("ids", type_=ARRAY(Uuid))))
    .with_for_update()  # two replicas applying facts of one enquiry
)


def _fold(row: dict[str, Any], event: object, version: int) -> None:
    """One fact into the enquiry's row; an older fact than the one a part holds changes nothing."""
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
