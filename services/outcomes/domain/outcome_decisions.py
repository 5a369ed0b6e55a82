"""Decisions about the desired outcomes themselves: record, revise, withdraw, not achievable,
assess; and the roll-up once every active outcome is assessed."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.outcomes.domain.context import Context
from services.outcomes.domain.rules import (
    AlreadyNotAchievable,
    DateInFuture,
    IdAlreadyUsed,
    OutcomeAlreadyAssessed,
    OutcomeWithdrawn,
    RankTaken,
)
from services.outcomes.domain.state import OPEN, EnquiryOutcomes, Outcome, evolve
from shared.contracts import outcomes as facts
from shared.events import DomainEvent
from shared.http.errors import NotFound


def record_asked(
    state: EnquiryOutcomes,
    ctx: Context,
    *,
    code: facts.AskedCode,
    asked_by: str,
    asked_whom: facts.ExpressedBy | None,
    asked_on: date | None,
) -> list[DomainEvent]:
    ctx.require_open()
    if asked_on is not None and asked_on > ctx.today:
        raise DateInFuture("asked_on")
    return [
        facts.OutcomesAskedRecorded(
            enquiry_id=state.enquiry_id,
            asked_code=code,
            asked_by=asked_by,
            asked_whom=asked_whom,
            asked_on=asked_on,
            recorded_at=ctx.now,
        )
    ]


def record_outcome(
    state: EnquiryOutcomes, ctx: Context, event: facts.DesiredOutcomeRecorded
) -> list[DomainEvent]:
    """`event` is the outcome as the command gave it; a first outcome also starts the reviews."""
    ctx.require_open()
    if event.outcome_id in state.outcomes:
        raise IdAlreadyUsed("outcome_id")
    ctx.require_unused_elsewhere(event.outcome_id, "outcome_id")
    if event.rank is not None and state.rank_holder(event.rank) is not None:
        raise RankTaken
    events: list[DomainEvent] = [event]
    if state.review_due_on is None:
        events.append(
            facts.ReviewScheduled(
                enquiry_id=state.enquiry_id,
                due_on=ctx.next_review(),
                reason="first review",
                scheduled_at=ctx.now,
            )
        )
    return events


def changeable(state: EnquiryOutcomes, outcome_id: UUID) -> Outcome:
    """The outcome, if it may still change: active and not yet assessed."""
    outcome = state.outcomes.get(outcome_id)
    if outcome is None:
        raise NotFound
    if outcome.withdrawn:
        raise OutcomeWithdrawn
    if outcome.assessed:
        raise OutcomeAlreadyAssessed
    return outcome


def revise(
    state: EnquiryOutcomes,
    ctx: Context,
    *,
    outcome_id: UUID,
    words: str,
    reason: str,
    agreed_by: str,
    rank: int | None,
) -> list[DomainEvent]:
    ctx.require_open()
    changeable(state, outcome_id)
    if rank is not None and state.rank_holder(rank) not in (None, outcome_id):
        raise RankTaken
    return [
        facts.DesiredOutcomeRevised(
            enquiry_id=state.enquiry_id,
            outcome_id=outcome_id,
            words=words,
            previous_words=state.words[outcome_id],
            reason=reason,
            agreed_by=agreed_by,
            rank=rank,
            revised_at=ctx.now,
        )
    ]


def withdraw(
    state: EnquiryOutcomes, ctx: Context, *, outcome_id: UUID, reason: str
) -> list[DomainEvent]:
    """Withdrawn: no final assessment is needed, and its open actions are cancelled with it."""
    ctx.require_open()
    changeable(state, outcome_id)
    events: list[DomainEvent] = [
        facts.DesiredOutcomeWithdrawn(
            enquiry_id=state.enquiry_id, outcome_id=outcome_id, reason=reason, withdrawn_at=ctx.now
        )
    ]
    events += [
        facts.ActionCancelled(
            enquiry_id=state.enquiry_id,
            action_id=action.action_id,
            reason="the outcome it served was withdrawn",
            cancelled_at=ctx.now,
        )
        for action in state.actions.values()
        if action.outcome_id == outcome_id and action.status == OPEN
    ]
    return events + conclusion_after(state, ctx, events)


def mark_not_achievable(
    state: EnquiryOutcomes,
    ctx: Context,
    *,
    outcome_id: UUID,
    explanation: str,
    persons_response: str,
) -> list[DomainEvent]:
    ctx.require_open()
    if changeable(state, outcome_id).not_achievable:
        raise AlreadyNotAchievable
    return [
        facts.OutcomeMarkedNotAchievable(
            enquiry_id=state.enquiry_id,
            outcome_id=outcome_id,
            explanation=explanation,
            persons_response=persons_response,
            marked_at=ctx.now,
        )
    ]


def assess(
    state: EnquiryOutcomes,
    ctx: Context,
    *,
    outcome_id: UUID,
    achievement: facts.Achievement,
    persons_view: str,
    person_agrees: bool,
) -> list[DomainEvent]:
    ctx.require_open()
    changeable(state, outcome_id)
    events: list[DomainEvent] = [
        facts.OutcomeAssessed(
            enquiry_id=state.enquiry_id,
            outcome_id=outcome_id,
            achievement=achievement,
            persons_view=persons_view,
            person_agrees=person_agrees,
            assessed_at=ctx.now,
        )
    ]
    return events + conclusion_after(state, ctx, events)


def conclusion_after(
    state: EnquiryOutcomes, ctx: Context, events: list[DomainEvent]
) -> list[DomainEvent]:
    """OutcomesConcluded, if these events leave every active outcome assessed."""
    active = evolve(state, events).active_outcomes()
    if not active or not all(o.assessed for o in active):
        return []
    count = [o.achievement for o in active].count
    return [
        facts.OutcomesConcluded(
            enquiry_id=state.enquiry_id,
            lead_agency_id=ctx.lead_agency_id,
            asked_code=state.asked_code or facts.AskedCode.NOT_RECORDED,
            fully=count(facts.Achievement.FULLY),
            partially=count(facts.Achievement.PARTIALLY),
            not_achieved=count(facts.Achievement.NOT),
            concluded_at=ctx.now,
        )
    ]
