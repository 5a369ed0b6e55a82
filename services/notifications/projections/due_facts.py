"""The facts that ask for a reminder, and whether what they are about was since resolved.

Resolved: an advocate appointed or declined for the need; a later review date for the enquiry
(outcomes publishes one review fact per due date, and a new date exists only once the review
was held); the enquiry closed.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.domain.reminders import RULES
from services.notifications.tables import facts, leads
from shared.contracts.intake import (
    AdvocacyDeclined,
    AdvocateAppointed,
    AdvocateStillNeeded,
    EnquiryClosed,
)
from shared.contracts.outcomes import ActionOverdue, ReviewDueSoon, ReviewOverdue
from shared.projections import Recorded

RESOLVERS = (AdvocateAppointed, AdvocacyDeclined, EnquiryClosed)


class DueFacts:
    name = "notifications_facts"
    handles = frozenset({*RULES, *(t.event_type for t in RESOLVERS)})

    @property
    def tables(self) -> Sequence[Table]:
        return (facts,)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            event = recorded.event
            if isinstance(event, AdvocateAppointed | AdvocacyDeclined):
                await _resolve(conn, facts.c.subject_key == f"advocate:{event.need_id}")
            elif isinstance(event, EnquiryClosed):
                await _resolve(conn, facts.c.enquiry_id == event.enquiry_id)
            elif isinstance(
                event, ReviewDueSoon | ReviewOverdue | ActionOverdue | AdvocateStillNeeded
            ):
                await self._record(conn, recorded)

    async def _record(self, conn: AsyncConnection, recorded: Recorded) -> None:
        event = recorded.event
        assert isinstance(
            event, ReviewDueSoon | ReviewOverdue | ActionOverdue | AdvocateStillNeeded
        )
        if isinstance(event, ActionOverdue):
            subject, due_on = f"action:{event.action_id}", event.due_on
        elif isinstance(event, AdvocateStillNeeded):
            subject, due_on = f"advocate:{event.need_id}", None
        else:
            subject, due_on = "review", event.due_on
            await _resolve(
                conn,
                (facts.c.enquiry_id == event.enquiry_id)
                & (facts.c.subject_key == "review")
                & (facts.c.due_on < due_on),
            )
        closed = await conn.scalar(
            select(leads.c.closed).where(leads.c.enquiry_id == event.enquiry_id)
        )
        await conn.execute(
            insert(facts).values(
                event_id=recorded.envelope.event_id,
                fact_type=recorded.envelope.event_type,
                enquiry_id=event.enquiry_id,
                lead_agency_id=event.lead_agency_id,
                lead_practitioner_id=event.lead_practitioner_id,
                subject_key=subject,
                due_on=due_on,
                ica_required=getattr(event, "ica_required", False),
                occurred_at=recorded.envelope.occurred_at,
                resolved=bool(closed),
            )
        )


async def _resolve(conn: AsyncConnection, where: object) -> None:
    await conn.execute(update(facts).where(where).values(resolved=True))  # type: ignore[arg-type]
