"""Load an enquiry's feedback, decide, append at the version it was loaded at."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from services.feedback.domain.state import EnquiryFeedback, fold, stream_of
from shared.auth import Actor
from shared.events import DomainEvent, EventEnvelope
from shared.runtime import ServiceRuntime


async def load(runtime: ServiceRuntime, enquiry_id: UUID) -> EnquiryFeedback:
    envelopes = await runtime.store.load(stream_of(enquiry_id))
    return fold(runtime.store.registry.decode(e) for e in envelopes)


async def append(
    runtime: ServiceRuntime,
    enquiry_id: UUID,
    state: EnquiryFeedback,
    events: Sequence[DomainEvent],
    *,
    actor: Actor,
    correlation_id: str,
    causation_id: str | None = None,
) -> list[EventEnvelope]:
    """Optimistic: a concurrent change since `load` raises ConcurrencyError (409)."""
    return await runtime.store.append(
        stream_of(enquiry_id),
        state.version,
        events,
        actor=actor,
        correlation_id=correlation_id,
        causation_id=causation_id,
    )
