"""Reads of the feedback read models, always scoped: another agency's request is NotFound."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select

from services.feedback.tables import (
    feedback_answers,
    feedback_links,
    feedback_requests,
    record_views,
)
from shared.eventstore.database import Database
from shared.http.errors import NotFound

R = feedback_requests.c
A = feedback_answers.c


async def request_of_agency(db: Database, request_id: UUID, agency_id: str) -> dict[str, Any]:
    query = select(feedback_requests).where(
        R.request_id == request_id, R.lead_agency_id == agency_id
    )
    async with db.read() as conn:
        row = (await conn.execute(query)).mappings().first()
    if row is None:
        raise NotFound
    return dict(row)


async def requests_of_agency(
    db: Database,
    agency_id: str,
    *,
    status: str | None,
    enquiry_id: UUID | None,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    query = select(feedback_requests).where(R.lead_agency_id == agency_id)
    if status is not None:
        query = query.where(R.status == status)
    if enquiry_id is not None:
        query = query.where(R.enquiry_id == enquiry_id)
    query = query.order_by(R.due_at, R.request_id).limit(limit).offset(offset)
    async with db.read() as conn:
        return [dict(row) for row in (await conn.execute(query)).mappings()]


async def answers_to(db: Database, request_id: UUID) -> list[dict[str, Any]]:
    query = (
        select(feedback_answers)
        .where(A.request_id == request_id)
        .order_by(A.received_at, A.answers_id)
    )
    async with db.read() as conn:
        return [dict(row) for row in (await conn.execute(query)).mappings()]


async def link_by_hash(db: Database, token_sha256: str) -> dict[str, Any] | None:
    query = select(feedback_links).where(feedback_links.c.token_sha256 == token_sha256)
    async with db.read() as conn:
        row = (await conn.execute(query)).mappings().first()
    return dict(row) if row else None


async def views_of(db: Database, request_id: UUID) -> list[dict[str, Any]]:
    """Who viewed the request, oldest first (the access log; callers check the agency first)."""
    query = (
        select(record_views)
        .where(record_views.c.request_id == request_id)
        .order_by(record_views.c.viewed_at, record_views.c.view_event_id)
    )
    async with db.read() as conn:
        return [dict(row) for row in (await conn.execute(query)).mappings()]
