"""The sharing log of an enquiry: every decision — requested, blocked, override requested,
overridden, shared, withheld, viewed — with who, when and why. The lead agency only."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import select

from services.notifications.commands.reads import lead_of
from services.notifications.tables import sharing_log
from shared.auth import CurrentActor
from shared.runtime import runtime_of

router = APIRouter(tags=["sharing log"])


class Decision(BaseModel):
    disclosure_id: UUID
    decision: str
    recipient_agency_id: str
    purpose: str
    kinds: list[str]
    who: str
    agency_id: str
    at: datetime
    why: str | None


@router.get(
    "/enquiries/{enquiry_id}/sharing-log",
    summary="Every decision to share or withhold this enquiry's information",
    response_model=list[Decision],
    responses={404: {"description": "No such enquiry, or another agency leads it"}},
)
async def sharing_log_of(enquiry_id: UUID, request: Request, actor: CurrentActor) -> list[Decision]:
    runtime = runtime_of(request.app)
    await lead_of(runtime, enquiry_id, agency_id=actor.agency_id)
    query = (
        select(sharing_log)
        .where(sharing_log.c.enquiry_id == enquiry_id)
        .order_by(sharing_log.c.position, sharing_log.c.seq)
    )
    async with runtime.db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    return [Decision.model_validate(dict(row)) for row in rows]
