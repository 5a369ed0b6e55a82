"""Decisions about reviews and actions: the schedule, a held review, agreed actions."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.outcomes.domain.context import Context
from services.outcomes.domain.rules import (
    ActionNotOpen,
    AgencyNeeded,
    DateInFuture,
    DueDateInPast,
    IdAlreadyUsed,
    OutcomeWithdrawn,
    UnknownOutcome,
)
from services.outcomes.domain.state import OPEN, EnquiryOutcomes
from shared.contracts import outcomes as facts
from shared.events import DomainEvent
from shared.http.errors import NotFound


def schedule_review(
    state: EnquiryOutcomes, ctx: Context, *, due_on: date, reason: str | None
) -> list[DomainEvent]:
    ctx.require_open()
    if due_on < ctx.today:
        raise DueDateInPast
    return [
        facts.ReviewScheduled(
            enquiry_id=state.enquiry_id, due_on=due_on, reason=reason, scheduled_at=ctx.now
        )
    ]


def hold_review(
    state: EnquiryOutcomes,
    ctx: Context,
    *,
    review_id: UUID,
    held_on: date,
    attendees: list[str],
    person_attended: bool,
    advocate_attended: bool,
    persons_view: str,
    progress: list[facts.OutcomeProgress],
    next_due_on: date | None,
) -> list[DomainEvent]:
    """A held review moves the schedule on: to the date agreed, or one interval from today."""
    ctx.require_open()
    if review_id in state.review_ids:
        raise IdAlreadyUsed("review_id")
    ctx.require_unused_elsewhere(review_id, "review_id")
    if held_on > ctx.today:
        raise DateInFuture("held_on")
    if next_due_on is not None and next_due_on < ctx.today:
        raise DueDateInPast("next_due_on")
    for item in progress:
        if item.outcome_id not in state.outcomes:
            raise UnknownOutcome("progress")
    return [
        facts.ReviewHeld(
            enquiry_id=state.enquiry_id,
            review_id=review_id,
            held_on=held_on,
            attendees=attendees,
            person_attended=person_attended,
            advocate_attended=advocate_attended,
            persons_view=persons_view,
            progress=progress,
            next_due_on=next_due_on or ctx.next_review(),
            recorded_at=ctx.now,
        )
    ]


def agree_action(
    state: EnquiryOutcomes, ctx: Context, action: facts.ActionAgreed
) -> list[DomainEvent]:
    """`action` as the command gave it, checked against the enquiry."""
    ctx.require_open()
    if action.action_id in state.actions:
        raise IdAlreadyUsed("action_id")
    ctx.require_unused_elsewhere(action.action_id, "action_id")
    outcome = state.outcomes.get(action.outcome_id)
    if outcome is None:
        raise UnknownOutcome
    if outcome.withdrawn:
        raise OutcomeWithdrawn
    if action.due_on < ctx.today:
        raise DueDateInPast
    if action.owner is facts.ActionOwner.AGENCY and not action.owner_agency_id:
        raise AgencyNeeded
    return [action]


def _open_action(state: EnquiryOutcomes, ctx: Context, action_id: UUID) -> None:
    ctx.require_open()
    action = state.actions.get(action_id)
    if action is None:
        raise NotFound
    if action.status != OPEN:
        raise ActionNotOpen


def reschedule_action(
    state: EnquiryOutcomes, ctx: Context, *, action_id: UUID, due_on: date, reason: str
) -> list[DomainEvent]:
    _open_action(state, ctx, action_id)
    if due_on < ctx.today:
        raise DueDateInPast
    return [
        facts.ActionRescheduled(
            enquiry_id=state.enquiry_id,
            action_id=action_id,
            due_on=due_on,
            reason=reason,
            rescheduled_at=ctx.now,
        )
    ]


def complete_action(state: EnquiryOutcomes, ctx: Context, *, action_id: UUID) -> list[DomainEvent]:
    _open_action(state, ctx, action_id)
    return [
        facts.ActionCompleted(
            enquiry_id=state.enquiry_id, action_id=action_id, completed_at=ctx.now
        )
    ]


def cancel_action(
    state: EnquiryOutcomes, ctx: Context, *, action_id: UUID, reason: str
) -> list[DomainEvent]:
    _open_action(state, ctx, action_id)
    return [
        facts.ActionCancelled(
            enquiry_id=state.enquiry_id, action_id=action_id, reason=reason, cancelled_at=ctx.now
        )
    ]
