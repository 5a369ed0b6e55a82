"""What is due soon or overdue across enquiries: for an agency, or one of its practitioners."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import Uuid, cast, false, literal, null, select, union_all

from services.outcomes.domain.due import DUE_SOON
from services.outcomes.tables import actions, enquiry_leads, review_schedule
from shared.eventstore.database import Database


class DueItem(BaseModel):
    kind: str  # review | action
    enquiry_id: UUID
    action_id: UUID | None
    outcome_id: UUID | None
    due_on: date
    overdue: bool
    lead_practitioner_id: str


class DuePage(BaseModel):
    items: list[DueItem]
    limit: int
    offset: int


def _scoped(
    query: Any, agency_id: str, practitioner_id: str | None, enquiry_ids: list[UUID] | None
) -> Any:
    query = query.where(
        enquiry_leads.c.lead_agency_id == agency_id, enquiry_leads.c.closed == false()
    )
    if practitioner_id is not None:
        query = query.where(enquiry_leads.c.lead_practitioner_id == practitioner_id)
    if enquiry_ids is not None:
        query = query.where(enquiry_leads.c.enquiry_id.in_(enquiry_ids))
    return query


async def due_list(
    db: Database,
    *,
    agency_id: str,
    practitioner_id: str | None,
    today: date,
    enquiry_ids: list[UUID] | None = None,
    limit: int,
    offset: int,
) -> DuePage:
    """Reviews falling due within the due-soon window or overdue, and open actions likewise,
    earliest first; only enquiries the agency leads and that are not closed (and, with
    `enquiry_ids`, only those: a page of the caseload, or one enquiry)."""
    horizon = today + DUE_SOON
    review_items = _scoped(
        select(
            literal("review").label("kind"),
            review_schedule.c.enquiry_id,
            cast(null(), Uuid).label("action_id"),
            cast(null(), Uuid).label("outcome_id"),
            review_schedule.c.due_on,
            enquiry_leads.c.lead_practitioner_id,
        )
        .join(enquiry_leads, enquiry_leads.c.enquiry_id == review_schedule.c.enquiry_id)
        .where(review_schedule.c.ended == false(), review_schedule.c.due_on <= horizon),
        agency_id,
        practitioner_id,
        enquiry_ids,
    )
    action_items = _scoped(
        select(
            literal("action").label("kind"),
            actions.c.enquiry_id,
            actions.c.action_id,
            actions.c.outcome_id,
            actions.c.due_on,
            enquiry_leads.c.lead_practitioner_id,
        )
        .join(enquiry_leads, enquiry_leads.c.enquiry_id == actions.c.enquiry_id)
        .where(actions.c.status == "open", actions.c.due_on <= horizon),
        agency_id,
        practitioner_id,
        enquiry_ids,
    )
    both = union_all(review_items, action_items).subquery()
    query = (
        select(both)
        .order_by(both.c.due_on, both.c.kind.desc(), both.c.enquiry_id, both.c.action_id)
        .limit(limit)
        .offset(offset)
    )
    async with db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    items = [DueItem(**dict(row), overdue=row["due_on"] < today) for row in rows]
    return DuePage(items=items, limit=limit, offset=offset)
