"""Reads scoped to the actor's agency: another agency's enquiry is simply not there."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request
from sqlalchemy import select

from services.intake.api.common import runtime
from services.intake.domain.state import EnquiryState
from services.intake.tables import enquiries
from shared.auth import Actor
from shared.http.errors import NotFound


async def visible_row(request: Request, actor: Actor, enquiry_id: UUID) -> dict[str, Any]:
    query = select(enquiries).where(
        enquiries.c.enquiry_id == enquiry_id, enquiries.c.lead_agency_id == actor.agency_id
    )
    async with runtime(request).db.read() as conn:
        row = (await conn.execute(query)).mappings().first()
    if row is None:
        raise NotFound
    return dict(row)


async def visible_state(request: Request, actor: Actor, enquiry_id: UUID) -> EnquiryState:
    row = await visible_row(request, actor, enquiry_id)
    return EnquiryState.model_validate(row["detail"])
