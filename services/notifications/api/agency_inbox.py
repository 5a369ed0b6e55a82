"""The agency inbox: what was disclosed to the actor's agency, with its purpose. Opening one
records the view."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import select

from services.notifications.commands.view_disclosure import view_disclosure
from services.notifications.tables import agency_inbox
from shared.auth import CurrentActor
from shared.runtime import runtime_of
from shared.sharing import InformationKind, Purpose

router = APIRouter(tags=["agency inbox"])


class Received(BaseModel):
    disclosure_id: UUID
    enquiry_id: UUID
    from_agency_id: str
    purpose: Purpose
    purpose_label: str
    kinds: list[InformationKind]
    basis: str
    shared_at: datetime


class ReceivedWithContent(Received):
    content: dict[str, Any]


def _received(row: Any) -> dict[str, Any]:
    return {**dict(row), "purpose_label": Purpose(row["purpose"]).label}


@router.get(
    "/agency-inbox",
    summary="What other agencies disclosed to yours (without the content)",
    response_model=list[Received],
)
async def list_received(
    request: Request,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[Received]:
    query = (
        select(*(c for c in agency_inbox.c if c.name != "content"))
        .where(agency_inbox.c.recipient_agency_id == actor.agency_id)
        .order_by(agency_inbox.c.shared_at.desc(), agency_inbox.c.disclosure_id)
        .limit(limit)
        .offset(offset)
    )
    async with runtime_of(request.app).db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    return [Received.model_validate(_received(row)) for row in rows]


@router.get(
    "/agency-inbox/{disclosure_id}",
    summary="Open a disclosure to your agency (the view is recorded)",
    response_model=ReceivedWithContent,
    responses={404: {"description": "Not disclosed to your agency"}},
)
async def open_received(
    disclosure_id: UUID, request: Request, actor: CurrentActor
) -> ReceivedWithContent:
    row = await view_disclosure(
        runtime_of(request.app),
        disclosure_id=disclosure_id,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return ReceivedWithContent.model_validate(_received(row))
