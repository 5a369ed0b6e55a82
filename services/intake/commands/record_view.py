"""Use case: record that someone viewed an enquiry's record (the access log).

Each view is its own one-event stream, so that viewing never moves the enquiry's version and
never makes a practitioner's next change stale.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from shared.auth import Actor
from shared.contracts.intake import EnquiryRecordViewed
from shared.runtime import ServiceRuntime


async def record_view(
    runtime: ServiceRuntime, *, enquiry_id: UUID, actor: Actor, view: str, correlation_id: str
) -> None:
    event = EnquiryRecordViewed(
        enquiry_id=enquiry_id,
        user_id=actor.user_id,
        agency_id=actor.agency_id,
        role=actor.role.value,
        view=view,
        viewed_at=runtime.clock.now(),
    )
    await runtime.store.append(
        f"view-{uuid.uuid4()}", 0, [event], actor=actor, correlation_id=correlation_id
    )
