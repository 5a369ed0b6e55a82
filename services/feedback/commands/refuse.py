"""Use case: they do not want to give feedback. Recorded once and respected from then on."""

from __future__ import annotations

from uuid import UUID

from services.feedback.commands import enquiry_stream
from services.feedback.domain import decisions
from shared.auth import Actor
from shared.contracts.feedback import Channel, Respondent
from shared.runtime import ServiceRuntime


async def refuse(
    runtime: ServiceRuntime,
    *,
    enquiry_id: UUID,
    request_id: UUID,
    refused_by: Respondent,
    channel: Channel,
    recorded_by: str | None,
    actor: Actor,
    correlation_id: str,
) -> None:
    state = await enquiry_stream.load(runtime, enquiry_id)
    events = decisions.refuse(
        state,
        enquiry_id=enquiry_id,
        request_id=request_id,
        refused_by=refused_by,
        channel=channel,
        recorded_by=recorded_by,
        now=runtime.clock.now(),
    )
    await enquiry_stream.append(
        runtime, enquiry_id, state, events, actor=actor, correlation_id=correlation_id
    )
