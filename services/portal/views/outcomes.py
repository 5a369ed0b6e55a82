"""What the portal reads of the outcomes service: the board (the person's outcomes now, with
actions and the last review) and the history (what changed, why and when)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class Read(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Action(Read):
    action_id: UUID
    outcome_id: UUID
    what: str
    owner: str
    owner_agency_id: str | None = None
    due_on: date
    report_back: str
    status: str
    overdue: bool = False


class Assessment(Read):
    achievement: str
    persons_view: str
    person_agrees: bool


class Outcome(Read):
    outcome_id: UUID
    kind: str = "wish"
    words: str
    original_words: str
    expressed_by: str
    why_it_matters: str | None = None
    rank: int | None = None
    status: str
    withdrawn_reason: str | None = None
    not_achievable: bool = False
    not_achievable_explanation: str | None = None
    persons_response: str | None = None
    last_progress: str | None = None
    assessment: Assessment | None = None
    actions: list[Action] = []


class Review(Read):
    held_on: date
    attendees: list[str] = []
    person_attended: bool
    advocate_attended: bool
    persons_view: str
    next_due_on: date


class Board(Read):
    version: int
    next_review_due_on: date | None = None
    review_overdue: bool = False
    last_review: Review | None = None
    outcomes: list[Outcome] = []

    @property
    def active(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status != "withdrawn"]


class HistoryEntry(Read):
    event_type: str
    occurred_at: datetime
    recorded_by: str
    outcome_id: UUID | None = None
    details: dict[str, Any] = {}


# What each recorded change is called in plain words; the views of the board are not changes.
CHANGES = {
    "outcomes.OutcomesAskedRecorded": "Recorded whether the person was asked",
    "outcomes.DesiredOutcomeRecorded": "Outcome recorded",
    "outcomes.DesiredOutcomeRevised": "Outcome changed",
    "outcomes.DesiredOutcomeWithdrawn": "Outcome withdrawn",
    "outcomes.OutcomeMarkedNotAchievable": "Outcome cannot be achieved",
    "outcomes.OutcomeAssessed": "Outcome assessed",
    "outcomes.OutcomesConcluded": "Outcomes concluded",
    "outcomes.ReviewScheduled": "Review scheduled",
    "outcomes.ReviewHeld": "Review held",
    "outcomes.ReviewDueSoon": "Review due soon",
    "outcomes.ReviewOverdue": "Review overdue",
    "outcomes.ActionAgreed": "Action agreed",
    "outcomes.ActionRescheduled": "Action moved to a new date",
    "outcomes.ActionCompleted": "Action done",
    "outcomes.ActionCancelled": "Action cancelled",
    "outcomes.ActionOverdue": "Action overdue",
}


class Change(BaseModel):
    what: str
    when: datetime
    who: str
    words: str | None
    previous_words: str | None
    why: str | None


def changes_of(history: list[HistoryEntry]) -> list[Change]:
    """The history as people read it, newest first: what changed, the words, why and when."""
    changes = []
    for entry in history:
        what = CHANGES.get(entry.event_type)
        if what is None:
            continue
        details = entry.details
        changes.append(
            Change(
                what=what,
                when=entry.occurred_at,
                who=entry.recorded_by,
                words=details.get("words") or details.get("persons_view") or details.get("what"),
                previous_words=details.get("previous_words"),
                why=details.get("reason") or details.get("why_it_matters"),
            )
        )
    return list(reversed(changes))
