"""Outcomes' conclusions as this service received them (consumer projection, for the report)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.feedback.tables import outcomes_concluded
from shared.contracts.outcomes import OutcomesConcluded
from shared.projections import Recorded


class OutcomesConclusions:
    name = "outcomes_concluded"
    handles = frozenset({OutcomesConcluded.event_type})

    @property
    def tables(self) -> Sequence[Table]:
        return (outcomes_concluded,)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        # In order: each conclusion marks the enquiry's earlier ones superseded, so the report
        # finds the latest in a period without a GROUP BY.
        c = outcomes_concluded.c
        for recorded in events:
            event = recorded.event
            assert isinstance(event, OutcomesConcluded)
            await conn.execute(
                update(outcomes_concluded)
                .where(c.enquiry_id == event.enquiry_id, c.superseded_at.is_(None))
                .values(superseded_at=event.concluded_at)
            )
            await conn.execute(
                insert(outcomes_concluded).values(
                    conclusion_event_id=recorded.envelope.event_id,
                    enquiry_id=event.enquiry_id,
                    lead_agency_id=event.lead_agency_id,
                    asked_code=event.asked_code,
                    fully=event.fully,
                    partially=event.partially,
                    not_achieved=event.not_achieved,
                    concluded_at=event.concluded_at,
                    superseded_at=None,
                )
            )
