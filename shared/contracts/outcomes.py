"""Events published by the outcomes service on `msp.outcomes.events`.

The outcomes service owns what the person wants to happen, in their own words. The names and
fields below were agreed before the intake (#3) and outcomes (#4) work ran in parallel: intake
consumes the outcome lifecycle to know whether every outcome carries a final assessment before
closure; notifications consumes the due and overdue facts. Changes are additive only.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from shared.events import DomainEvent

STREAM = "msp.outcomes.events"


class Achievement(StrEnum):
    """The national reporting values for a desired outcome at closure."""

    FULLY = "Fully Achieved"
    PARTIALLY = "Partially Achieved"
    NOT = "Not Achieved"


class DesiredOutcomeRecorded(DomainEvent):
    """The person (or their representative or advocate) said what they want to happen."""

    event_type = "outcomes.DesiredOutcomeRecorded"

    enquiry_id: UUID
    outcome_id: UUID
    words: str = Field(description="exactly as said; stored and returned verbatim")
    expressed_by: str = Field(description="person | representative | advocate")
    kind: str = Field("wish", description="wish | not_wanted (something they don't want)")
    why_it_matters: str | None = None
    rank: int | None = Field(None, ge=1, le=3, description="top-three priority, unique per enquiry")
    prompt_category: str | None = None
    recorded_at: datetime


class DesiredOutcomeWithdrawn(DomainEvent):
    """The outcome no longer stands; it needs no final assessment."""

    event_type = "outcomes.DesiredOutcomeWithdrawn"

    enquiry_id: UUID
    outcome_id: UUID
    reason: str
    withdrawn_at: datetime


class OutcomeAssessed(DomainEvent):
    """The final assessment of one desired outcome, with the person's own view."""

    event_type = "outcomes.OutcomeAssessed"

    enquiry_id: UUID
    outcome_id: UUID
    achievement: Achievement
    persons_view: str = Field(description="the person's view, verbatim")
    person_agrees: bool
    assessed_at: datetime


class OutcomesConcluded(DomainEvent):
    """Every active outcome of the enquiry carries a final assessment: the roll-up for reporting."""

    event_type = "outcomes.OutcomesConcluded"

    enquiry_id: UUID
    lead_agency_id: str
    asked_code: str = Field(description="the five-value 'were they asked?' reporting code")
    fully: int = Field(ge=0)
    partially: int = Field(ge=0)
    not_achieved: int = Field(ge=0)
    concluded_at: datetime


class ReviewDueSoon(DomainEvent):
    """A review falls due within 7 days; published once per due date."""

    event_type = "outcomes.ReviewDueSoon"

    enquiry_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    due_on: date


class ReviewOverdue(DomainEvent):
    """A review's due date passed without one held; published once per due date."""

    event_type = "outcomes.ReviewOverdue"

    enquiry_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    due_on: date


class ActionOverdue(DomainEvent):
    """An open action passed its date; published once per due date."""

    event_type = "outcomes.ActionOverdue"

    enquiry_id: UUID
    action_id: UUID
    outcome_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    due_on: date


EVENTS: tuple[type[DomainEvent], ...] = (
    DesiredOutcomeRecorded,
    DesiredOutcomeWithdrawn,
    OutcomeAssessed,
    OutcomesConcluded,
    ReviewDueSoon,
    ReviewOverdue,
    ActionOverdue,
)
