"""The plan: each enquiry's next review and its agreed actions, with the day from which each is
reported due or overdue (domain/due.py). The sweeper's reports mark them reported."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.outcomes.domain.due import (
    DueKind,
    action_report_date,
    mark_stream_id,
    review_report_dates,
)
from services.outcomes.domain.state import OPEN
from services.outcomes.projections.rows import change, upsert
from services.outcomes.tables import actions, enquiry_leads, review_schedule
from shared.contracts import outcomes as facts
from shared.eventstore.schema import events as event_store
from shared.projections import Recorded


async def is_closed(conn: AsyncConnection, enquiry_id: UUID) -> bool:
    query = select(enquiry_leads.c.closed).where(enquiry_leads.c.enquiry_id == enquiry_id)
    return bool(await conn.scalar(query))


async def already_reported(conn: AsyncConnection, kind: DueKind, item: UUID, due_on: date) -> bool:
    """Whether the report of `kind` for this date exists: its mark stream is in the event store.
    So a date moved away and back again is not reported a second time."""
    stream = mark_stream_id(kind, item, due_on)
    query = select(event_store.c.version).where(
        event_store.c.stream_id == stream, event_store.c.version == 1
    )
    return (await conn.scalar(query)) is not None


async def refresh_review(conn: AsyncConnection, enquiry_id: UUID, **changes: Any) -> None:
    """Apply `changes` to the enquiry's schedule and recompute when it is next reported."""
    row = (
        (
            await conn.execute(
                select(review_schedule).where(review_schedule.c.enquiry_id == enquiry_id)
            )
        )
        .mappings()
        .first()
    )
    if row is None and not changes:
        return
    state: dict[str, Any] = (
        dict(row)
        if row is not None
        else {
            "due_on": None,
            "ended": False,
            "soon_reported": False,
            "overdue_reported": False,
        }
    )
    state.pop("enquiry_id", None)
    state.update(changes)
    sweeping = not state["ended"] and not await is_closed(conn, enquiry_id)
    state["soon_from"], state["overdue_from"] = review_report_dates(
        state["due_on"],
        soon_reported=state["soon_reported"],
        overdue_reported=state["overdue_reported"],
        sweeping=sweeping,
    )
    await upsert(conn, review_schedule, {"enquiry_id": enquiry_id}, state)


async def refresh_actions(conn: AsyncConnection, enquiry_id: UUID) -> None:
    """Recompute every action's report date of the enquiry (it was closed or reopened)."""
    closed = await is_closed(conn, enquiry_id)
    rows = (
        await conn.execute(select(actions).where(actions.c.enquiry_id == enquiry_id))
    ).mappings()
    for row in rows.all():
        await change(
            conn,
            actions,
            {"action_id": row["action_id"]},
            overdue_from=action_report_date(
                row["due_on"],
                reported=row["overdue_reported"],
                sweeping=row["status"] == OPEN and not closed,
            ),
        )


async def _refresh_action(conn: AsyncConnection, action_id: UUID, **changes: Any) -> None:
    query = select(actions).where(actions.c.action_id == action_id)
    row = {**(await conn.execute(query)).mappings().one(), **changes}
    sweeping = row["status"] == OPEN and not await is_closed(conn, row["enquiry_id"])
    row["overdue_from"] = action_report_date(
        row["due_on"], reported=row["overdue_reported"], sweeping=sweeping
    )
    row.pop("action_id")
    await change(conn, actions, {"action_id": action_id}, **row)


async def _review_due(conn: AsyncConnection, enquiry_id: UUID, due_on: date) -> None:
    await refresh_review(
        conn,
        enquiry_id,
        due_on=due_on,
        ended=False,
        soon_reported=await already_reported(conn, DueKind.REVIEW_DUE_SOON, enquiry_id, due_on),
        overdue_reported=await already_reported(conn, DueKind.REVIEW_OVERDUE, enquiry_id, due_on),
    )


async def _apply_one(conn: AsyncConnection, event: object) -> None:
    match event:
        case facts.ReviewScheduled(enquiry_id=enquiry_id, due_on=due_on):
            await _review_due(conn, enquiry_id, due_on)
        case facts.ReviewHeld(enquiry_id=enquiry_id, next_due_on=due_on):
            await _review_due(conn, enquiry_id, due_on)
        case facts.OutcomesConcluded(enquiry_id=enquiry_id):
            await refresh_review(conn, enquiry_id, ended=True)
        case facts.ReviewDueSoon(enquiry_id=enquiry_id, due_on=due_on):
            if await _review_still_due_on(conn, enquiry_id, due_on):
                await refresh_review(conn, enquiry_id, soon_reported=True)
        case facts.ReviewOverdue(enquiry_id=enquiry_id, due_on=due_on):
            if await _review_still_due_on(conn, enquiry_id, due_on):
                await refresh_review(conn, enquiry_id, overdue_reported=True)
        case facts.ActionAgreed():
            await conn.execute(
                insert(actions).values(
                    action_id=event.action_id,
                    enquiry_id=event.enquiry_id,
                    outcome_id=event.outcome_id,
                    what=event.what,
                    owner=event.owner.value,
                    owner_agency_id=event.owner_agency_id,
                    due_on=event.due_on,
                    report_back=event.report_back,
                    status=OPEN,
                    overdue_reported=False,
                    agreed_at=event.agreed_at,
                )
            )
            await _refresh_action(conn, event.action_id)
        case facts.ActionRescheduled(action_id=action_id, due_on=due_on):
            reported = await already_reported(conn, DueKind.ACTION_OVERDUE, action_id, due_on)
            await _refresh_action(conn, action_id, due_on=due_on, overdue_reported=reported)
        case facts.ActionCompleted(action_id=action_id):
            await _refresh_action(conn, action_id, status="done")
        case facts.ActionCancelled(action_id=action_id, reason=reason):
            await _refresh_action(conn, action_id, status="cancelled", cancel_reason=reason)
        case facts.ActionOverdue(action_id=action_id, due_on=due_on):
            query = select(actions.c.due_on).where(actions.c.action_id == action_id)
            if await conn.scalar(query) == due_on:
                await _refresh_action(conn, action_id, overdue_reported=True)


async def _review_still_due_on(conn: AsyncConnection, enquiry_id: UUID, due_on: date) -> bool:
    query = select(review_schedule.c.due_on).where(review_schedule.c.enquiry_id == enquiry_id)
    return await conn.scalar(query) == due_on


class Plans:
    name = "plans"
    handles = frozenset(
        t.event_type
        for t in (
            facts.ReviewScheduled,
            facts.ReviewHeld,
            facts.OutcomesConcluded,
            facts.ReviewDueSoon,
            facts.ReviewOverdue,
            facts.ActionAgreed,
            facts.ActionRescheduled,
            facts.ActionCompleted,
            facts.ActionCancelled,
            facts.ActionOverdue,
        )
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (review_schedule, actions)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            await _apply_one(conn, recorded.event)
