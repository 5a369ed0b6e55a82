"""Use case: a user of the recipient agency opens what was disclosed to it; the view is
recorded (its own stream per view, so views never contend with the disclosure)."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from sqlalchemy import select

from services.notifications.tables import agency_inbox
from shared.auth import Actor
from shared.contracts.notifications import DisclosureViewed
from shared.http.errors import NotFound
from shared.runtime import ServiceRuntime


async def view_disclosure(
    runtime: ServiceRuntime, *, disclosure_id: UUID, actor: Actor, correlation_id: str
) -> dict[str, Any]:
    query = select(agency_inbox).where(
        agency_inbox.c.disclosure_id == disclosure_id,
        agency_inbox.c.recipient_agency_id == actor.agency_id,
    )
    async with runtime.db.read() as conn:
        row = (await conn.execute(query)).mappings().one_or_none()
    if row is None:
        raise NotFound
    viewed = DisclosureViewed(
        disclosure_id=disclosure_id,
        enquiry_id=row["enquiry_id"],
        recipient_agency_id=actor.agency_id,
        user_id=actor.user_id,
        role=actor.role.value,
        viewed_at=runtime.clock.now(),
    )
    await runtime.store.append(
        f"view-{uuid.uuid4()}", 0, [viewed], actor=actor, correlation_id=correlation_id
    )
    return dict(row)
