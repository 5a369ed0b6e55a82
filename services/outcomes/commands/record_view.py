"""Use case: record that someone viewed an enquiry's outcomes (the platform's rule)."""

from __future__ import annotations

from uuid import UUID, uuid4

from shared.auth import Actor
from shared.contracts.outcomes import RecordViewed
from shared.runtime import ServiceRuntime


async def record_view(
    runtime: ServiceRuntime, *, enquiry_id: UUID, what: str, actor: Actor, correlation_id: str
) -> None:
    # A stream of its own per view: a view never contends with changes to the enquiry, nor
    # moves the version that changes must quote.
    event = RecordViewed(enquiry_id=enquiry_id, what=what, viewed_at=runtime.clock.now())
    await runtime.store.append(
        f"view:{uuid4().hex}", 0, [event], actor=actor, correlation_id=correlation_id
    )
