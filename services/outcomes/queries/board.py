"""The outcome board of one enquiry: current words, rank, status, actions, last review."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.outcomes.commands.enquiry_access import Lead
from services.outcomes.tables import (
    actions,
    desired_outcomes,
    enquiry_outcomes,
    review_schedule,
    reviews,
)
from shared.contracts.outcomes import OutcomeProgress
from shared.eventstore.database import Database


class Asked(BaseModel):
    code: str
    asked_by: str
    asked_whom: str | None
    asked_on: date | None


class Assessment(BaseModel):
    achievement: str
    persons_view: str
    person_agrees: bool


class ActionView(BaseModel):
    action_id: UUID
    outcome_id: UUID
    what: str
    owner: str
    owner_agency_id: str | None
    due_on: date
    report_back: str
    status: str
    cancel_reason: str | None
    overdue: bool


class OutcomeView(BaseModel):
    outcome_id: UUID
    kind: str
    words: str
    original_words: str
    expressed_by: str
    why_it_matters: str | None
    rank: int | None
    prompt_category: str | None
    status: str
    withdrawn_reason: str | None
    revisions: int
    not_achievable: bool
    not_achievable_explanation: str | None
    persons_response: str | None
    last_progress: str | None
    assessment: Assessment | None
    actions: list[ActionView]


class ReviewView(BaseModel):
    review_id: UUID
    held_on: date
    attendees: list[str]
    person_attended: bool
    advocate_attended: bool
    persons_view: str
    progress: list[OutcomeProgress]
    next_due_on: date


class Conclusion(BaseModel):
    concluded_at: datetime
    fully: int
    partially: int
    not_achieved: int


class Board(BaseModel):
    enquiry_id: UUID
    version: int
    lead_agency_id: str
    lead_practitioner_id: str
    closed: bool
    asked: Asked | None
    next_review_due_on: date | None
    review_overdue: bool
    last_review: ReviewView | None
    concluded: Conclusion | None
    outcomes: list[OutcomeView]


async def _rows(conn: AsyncConnection, query: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in (await conn.execute(query)).mappings()]


async def outcome_board(db: Database, lead: Lead, today: date) -> Board:
    enquiry_id = lead.enquiry_id
    async with db.read() as conn:
        head = (
            (
                await conn.execute(
                    select(enquiry_outcomes).where(enquiry_outcomes.c.enquiry_id == enquiry_id)
                )
            )
            .mappings()
            .first()
        )
        schedule = (
            (
                await conn.execute(
                    select(review_schedule).where(review_schedule.c.enquiry_id == enquiry_id)
                )
            )
            .mappings()
            .first()
        )
        outcome_rows = await _rows(
            conn,
            select(desired_outcomes)
            .where(desired_outcomes.c.enquiry_id == enquiry_id)
            .order_by(desired_outcomes.c.recorded_version),
        )
        action_rows = await _rows(
            conn,
            select(actions)
            .where(actions.c.enquiry_id == enquiry_id)
            .order_by(actions.c.due_on, actions.c.action_id),
        )
        last_review = (
            (
                await conn.execute(
                    select(reviews)
                    .where(reviews.c.enquiry_id == enquiry_id)
                    .order_by(reviews.c.held_on.desc(), reviews.c.recorded_at.desc())
                    .limit(1)
                )
            )
            .mappings()
            .first()
        )
    next_due = schedule["due_on"] if schedule is not None and not schedule["ended"] else None
    return Board(
        enquiry_id=enquiry_id,
        version=head["version"] if head is not None else 0,
        lead_agency_id=lead.agency_id,
        lead_practitioner_id=lead.practitioner_id,
        closed=lead.closed,
        asked=Asked(
            code=head["asked_code"],
            asked_by=head["asked_by"],
            asked_whom=head["asked_whom"],
            asked_on=head["asked_on"],
        )
        if head is not None and head["asked_code"] is not None
        else None,
        next_review_due_on=next_due,
        review_overdue=next_due is not None and next_due < today and not lead.closed,
        last_review=ReviewView.model_validate(dict(last_review)) if last_review else None,
        concluded=Conclusion.model_validate(dict(head))
        if head is not None and head["concluded_at"] is not None
        else None,
        outcomes=[
            _outcome(row, action_rows, today) for row in sorted(outcome_rows, key=_board_order)
        ],
    )


def _board_order(row: dict[str, Any]) -> tuple[int, int, int]:
    """Active outcomes first, ranked ones by rank, then in the order they were recorded."""
    return (row["status"] == "withdrawn", row["rank"] or 4, row["recorded_version"])


def _outcome(row: dict[str, Any], action_rows: list[dict[str, Any]], today: date) -> OutcomeView:
    assessment = (
        Assessment(
            achievement=row["achievement"],
            persons_view=row["persons_view"],
            person_agrees=row["person_agrees"],
        )
        if row["achievement"] is not None
        else None
    )
    linked = [
        ActionView(
            **{k: a[k] for k in ActionView.model_fields if k != "overdue"},
            overdue=a["status"] == "open" and a["due_on"] < today,
        )
        for a in action_rows
        if a["outcome_id"] == row["outcome_id"]
    ]
    fields = {k: row[k] for k in OutcomeView.model_fields if k not in ("assessment", "actions")}
    return OutcomeView(**fields, assessment=assessment, actions=linked)
