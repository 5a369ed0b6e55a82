"""An enquiry's outcomes as the fold of its events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from shared.contracts import outcomes as facts
from shared.events import DomainEvent

OPEN, DONE, CANCELLED = "open", "done", "cancelled"


@dataclass(frozen=True)
class Outcome:
    outcome_id: UUID
    kind: str
    rank: int | None
    withdrawn: bool = False
    not_achievable: bool = False
    achievement: facts.Achievement | None = None

    @property
    def active(self) -> bool:
        return not self.withdrawn

    @property
    def assessed(self) -> bool:
        return self.achievement is not None


@dataclass(frozen=True)
class Action:
    action_id: UUID
    outcome_id: UUID
    due_on: date
    status: str = OPEN


@dataclass
class EnquiryOutcomes:
    enquiry_id: UUID
    version: int = 0
    asked_code: facts.AskedCode | None = None
    outcomes: dict[UUID, Outcome] = field(default_factory=dict)
    words: dict[UUID, str] = field(default_factory=dict)  # current words, for the revision record
    actions: dict[UUID, Action] = field(default_factory=dict)
    review_due_on: date | None = None
    review_ids: frozenset[UUID] = frozenset()  # so that a review id is used once
    concluded: bool = False

    def active_outcomes(self) -> list[Outcome]:
        return [o for o in self.outcomes.values() if o.active]

    def rank_holder(self, rank: int) -> UUID | None:
        return next((o.outcome_id for o in self.active_outcomes() if o.rank == rank), None)


def fold(enquiry_id: UUID, events: Iterable[DomainEvent]) -> EnquiryOutcomes:
    return evolve(EnquiryOutcomes(enquiry_id), events)


def evolve(state: EnquiryOutcomes, events: Iterable[DomainEvent]) -> EnquiryOutcomes:
    """A new state: `state` with `events` applied (`state` itself is left as it was)."""
    after = replace(
        state, outcomes=dict(state.outcomes), words=dict(state.words), actions=dict(state.actions)
    )
    for event in events:
        after.version += 1
        _apply(after, event)
    return after


def _apply(state: EnquiryOutcomes, event: DomainEvent) -> None:
    match event:
        case facts.OutcomesAskedRecorded():
            state.asked_code = event.asked_code
        case facts.DesiredOutcomeRecorded():
            state.outcomes[event.outcome_id] = Outcome(event.outcome_id, event.kind, event.rank)
            state.words[event.outcome_id] = event.words
            state.concluded = False
        case facts.DesiredOutcomeRevised():
            outcome = state.outcomes[event.outcome_id]
            rank = outcome.rank if event.rank is None else event.rank
            state.outcomes[event.outcome_id] = replace(outcome, rank=rank)
            state.words[event.outcome_id] = event.words
        case facts.DesiredOutcomeWithdrawn():
            outcome = state.outcomes[event.outcome_id]
            state.outcomes[event.outcome_id] = replace(outcome, withdrawn=True, rank=None)
        case facts.OutcomeMarkedNotAchievable():
            outcome = state.outcomes[event.outcome_id]
            state.outcomes[event.outcome_id] = replace(outcome, not_achievable=True)
        case facts.OutcomeAssessed():
            outcome = state.outcomes[event.outcome_id]
            state.outcomes[event.outcome_id] = replace(outcome, achievement=event.achievement)
        case facts.OutcomesConcluded():
            state.concluded = True
            state.review_due_on = None
        case facts.ReviewScheduled():
            state.review_due_on = event.due_on
        case facts.ReviewHeld():
            state.review_due_on = event.next_due_on
            state.review_ids = state.review_ids | {event.review_id}
        case facts.ActionAgreed():
            state.actions[event.action_id] = Action(event.action_id, event.outcome_id, event.due_on)
        case facts.ActionRescheduled():
            action = state.actions[event.action_id]
            state.actions[event.action_id] = replace(action, due_on=event.due_on)
        case facts.ActionCompleted():
            state.actions[event.action_id] = replace(state.actions[event.action_id], status=DONE)
        case facts.ActionCancelled():
            action = state.actions[event.action_id]
            state.actions[event.action_id] = replace(action, status=CANCELLED)
        case _:
            pass  # facts about due dates and views change nothing the rules look at
