"""The in-app inbox of each user (reminders, tasks; escalations for managers) and the status of
any message of the actor's agency: queued, sent or failed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import and_, or_, select

from services.notifications.commands.reads import lead_of
from services.notifications.tables import messages
from shared.auth import CurrentActor, Role
from shared.http.errors import NotFound
from shared.runtime import runtime_of

router = APIRouter(tags=["messages"])


class InboxItem(BaseModel):
    message_id: UUID
    enquiry_id: UUID | None
    cause: str
    channel: str
    subject: str
    body: str
    status: str
    queued_at: datetime


class MessageStatus(BaseModel):
    message_id: UUID
    enquiry_id: UUID | None
    cause: str
    recipient_kind: str
    channel: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    queued_at: datetime
    sent_at: datetime | None


@router.get("/inbox", summary="Your reminders and tasks", response_model=list[InboxItem])
async def my_inbox(
    request: Request,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[InboxItem]:
    mine = and_(
        messages.c.recipient_kind == "user",
        messages.c.recipient_id == actor.user_id,
        messages.c.agency_id == actor.agency_id,
    )
    if actor.role is Role.MANAGER:
        mine = or_(
            mine,
            and_(
                messages.c.recipient_kind == "agency_managers",
                messages.c.recipient_id == actor.agency_id,
            ),
        )
    query = (
        select(messages)
        .where(mine, messages.c.channel.in_(("in_app", "task")), messages.c.status == "sent")
        .order_by(messages.c.queued_at.desc(), messages.c.message_id)
        .limit(limit)
        .offset(offset)
    )
    async with runtime_of(request.app).db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    return [InboxItem.model_validate(dict(row)) for row in rows]


@router.get(
    "/messages/{message_id}",
    summary="A message's status",
    response_model=MessageStatus,
    responses={404: {"description": "No such message in your agency"}},
)
async def message_status(message_id: UUID, request: Request, actor: CurrentActor) -> MessageStatus:
    query = select(messages).where(
        messages.c.message_id == message_id, messages.c.agency_id == actor.agency_id
    )
    async with runtime_of(request.app).db.read() as conn:
        row = (await conn.execute(query)).mappings().one_or_none()
    if row is None:
        raise NotFound
    return MessageStatus.model_validate(dict(row))


@router.get(
    "/enquiries/{enquiry_id}/messages",
    summary="Every message about an enquiry your agency leads, with its status",
    response_model=list[MessageStatus],
)
async def enquiry_messages(
    enquiry_id: UUID, request: Request, actor: CurrentActor
) -> list[MessageStatus]:
    runtime = runtime_of(request.app)
    await lead_of(runtime, enquiry_id, agency_id=actor.agency_id)
    query = (
        select(messages)
        .where(messages.c.enquiry_id == enquiry_id)
        .order_by(messages.c.queued_at, messages.c.message_id)
    )
    async with runtime.db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    return [MessageStatus.model_validate(dict(row)) for row in rows]
