"""Use case: close an enquiry, knowing from the outcomes service's events whether every active
desired outcome carries its final assessment."""

from __future__ import annotations

from uuid import UUID

from services.intake.commands.change_enquiry import change_enquiry
from services.intake.domain.closure import close
from services.intake.domain.state import EnquiryState
from services.intake.projections.outcome_status import unassessed_outcomes
from shared.auth import Actor
from shared.codes import ClosureReason
from shared.events import DomainEvent, EventEnvelope
from shared.runtime import ServiceRuntime


async def close_enquiry(
    runtime: ServiceRuntime,
    *,
    enquiry_id: UUID,
    expected_version: int,
    actor: Actor,
    correlation_id: str,
    reason: ClosureReason,
) -> list[EventEnvelope]:
    async with runtime.db.read() as conn:
        unassessed = await unassessed_outcomes(conn, enquiry_id)

    def decide(state: EnquiryState) -> list[DomainEvent]:
        return close(
            state,
            actor=actor,
            now=runtime.clock.now(),
            reason=reason,
            unassessed_outcomes=unassessed,
        )

    return await change_enquiry(
        runtime,
        enquiry_id=enquiry_id,
        expected_version=expected_version,
        actor=actor,
        correlation_id=correlation_id,
        decide=decide,
    )
