"""Use case: someone looks at a feedback record; the view is recorded before it is shown."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from services.feedback import queries
from shared.auth import Actor
from shared.contracts.feedback import FeedbackRecordViewed
from shared.runtime import ServiceRuntime


async def view_request(
    runtime: ServiceRuntime, *, request_id: UUID, actor: Actor, correlation_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    request = await queries.request_of_agency(runtime.db, request_id, actor.agency_id)
    viewed = FeedbackRecordViewed(
        request_id=request_id,
        enquiry_id=request["enquiry_id"],
        viewer_user_id=actor.user_id,
        viewer_agency_id=actor.agency_id,
        viewed_at=runtime.clock.now(),
    )
    # A stream per view: views never contend with each other or with the enquiry's commands.
    await runtime.store.append(
        f"view-{uuid.uuid4()}", 0, [viewed], actor=actor, correlation_id=correlation_id
    )
    return request, await queries.answers_to(runtime.db, request_id)
