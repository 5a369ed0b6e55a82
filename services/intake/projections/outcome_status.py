"""What intake knows of each desired outcome, from `msp.outcomes.events`: enough to refuse a
closure while an active outcome has no final assessment."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.intake.tables import outcome_status
from shared.contracts import outcomes
from shared.projections import Recorded

FLAG_OF = {
    outcomes.DesiredOutcomeRecorded.event_type: "recorded",
    outcomes.DesiredOutcomeWithdrawn.event_type: "withdrawn",
    outcomes.OutcomeAssessed.event_type: "assessed",
}


class OutcomeStatus:
    name = "intake_outcome_status"
    handles = frozenset(FLAG_OF)

    @property
    def tables(self) -> Sequence[Table]:
        return (outcome_status,)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            event = recorded.event
            assert isinstance(
                event,
                outcomes.DesiredOutcomeRecorded
                | outcomes.DesiredOutcomeWithdrawn
                | outcomes.OutcomeAssessed,
            )
            flag = FLAG_OF[recorded.envelope.event_type]
            key = and_(
                outcome_status.c.enquiry_id == event.enquiry_id,
                outcome_status.c.outcome_id == event.outcome_id,
            )
            exists = (await conn.execute(select(outcome_status.c.outcome_id).where(key))).first()
            if exists:
                await conn.execute(update(outcome_status).where(key).values({flag: True}))
                continue
            row = {"recorded": False, "withdrawn": False, "assessed": False, flag: True}
            await conn.execute(
                insert(outcome_status),
                [{"enquiry_id": event.enquiry_id, "outcome_id": event.outcome_id, **row}],
            )


async def unassessed_outcomes(conn: AsyncConnection, enquiry_id: object) -> int:
    """Active desired outcomes (recorded, not withdrawn) still without a final assessment."""
    query = (
        select(func.count())
        .select_from(outcome_status)
        .where(
            outcome_status.c.enquiry_id == enquiry_id,
            outcome_status.c.recorded.is_(True),
            outcome_status.c.withdrawn.is_(False),
            outcome_status.c.assessed.is_(False),
        )
    )
    return int(await conn.scalar(query) or 0)
