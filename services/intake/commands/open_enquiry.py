"""Use case: open an enquiry, with the concern that starts it. A second open of the same id is a
concurrency conflict (409), so a retried request never opens a second enquiry."""

from __future__ import annotations

from uuid import UUID

from services.intake import domain
from shared.auth import Actor
from shared.events import EventEnvelope
from shared.runtime import ServiceRuntime


async def open_enquiry(
    runtime: ServiceRuntime,
    *,
    enquiry_id: UUID,
    actor: Actor,
    correlation_id: str,
    concern: domain.Concern | None = None,
) -> list[EventEnvelope]:
    events = domain.open_enquiry(
        enquiry_id=enquiry_id, actor=actor, now=runtime.clock.now(), concern=concern
    )
    # A new stream: expected version 0, so opening one that exists fails with ConcurrencyError.
    return await runtime.store.append(
        str(enquiry_id), 0, events, actor=actor, correlation_id=correlation_id
    )
