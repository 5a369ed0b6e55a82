"""The bodies of outcomes' commands. Every change quotes the version of the board it was based
on (`expected_version`): if the enquiry moved on meanwhile the answer is 409 with the current one."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

from services.outcomes.api.text import Name, Note, Words
from services.outcomes.vocabulary import PromptCategory
from shared.contracts.outcomes import (
    Achievement,
    ActionOwner,
    AskedCode,
    ExpressedBy,
    OutcomeKind,
    OutcomeProgress,
)

Rank = Field(None, ge=1, le=3, description="top-three priority; unique among active outcomes")


class Versioned(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expected_version: int = Field(ge=0, description="the board's `version` this change is based on")


class RecordAsked(Versioned):
    """Were they asked what they wanted to happen? The national five-value code."""

    code: AskedCode
    asked_whom: ExpressedBy | None = Field(None, description="who was asked, if anyone")
    asked_on: date | None = None


class RecordOutcome(Versioned):
    outcome_id: UUID = Field(default_factory=uuid4, description="optional: a client-chosen id")
    words: Words
    expressed_by: ExpressedBy
    kind: OutcomeKind = OutcomeKind.WISH
    why_it_matters: Note | None = None
    rank: int | None = Rank
    prompt_category: PromptCategory | None = None


class ReviseOutcome(Versioned):
    words: Words
    reason: Note
    agreed_by: Name
    rank: int | None = Field(None, ge=1, le=3, description="a new rank; leave out to keep it")


class WithdrawOutcome(Versioned):
    reason: Note


class MarkNotAchievable(Versioned):
    explanation: Note = Field(description="what the person was told about why")
    persons_response: Words


class AssessOutcome(Versioned):
    achievement: Achievement
    persons_view: Words
    person_agrees: bool


class ScheduleReview(Versioned):
    due_on: date
    reason: Note | None = None


class HoldReview(Versioned):
    review_id: UUID = Field(default_factory=uuid4)
    held_on: date
    attendees: list[Name] = Field(max_length=50)
    person_attended: bool
    advocate_attended: bool
    persons_view: Words
    progress: list[OutcomeProgress] = Field(default_factory=list, max_length=50)
    next_due_on: date | None = Field(None, description="default: the review interval from today")


class AgreeAction(Versioned):
    action_id: UUID = Field(default_factory=uuid4)
    outcome_id: UUID
    what: Note
    owner: ActionOwner
    owner_agency_id: str | None = Field(None, min_length=1, max_length=100)
    due_on: date
    report_back: Note = Field(description="how progress will be reported back to the person")


class RescheduleAction(Versioned):
    due_on: date
    reason: Note


class CompleteAction(Versioned):
    pass


class CancelAction(Versioned):
    reason: Note


class Changed(BaseModel):
    enquiry_id: UUID
    version: int = Field(description="the board's version now: quote it in the next change")
    events: list[str] = Field(description="the event types recorded")
    id: UUID | None = Field(None, description="the outcome, review or action created")
