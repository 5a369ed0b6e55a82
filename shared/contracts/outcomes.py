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

from pydantic import BaseModel, ConfigDict, Field

from shared.events import DomainEvent

STREAM = "msp.outcomes.events"


class Achievement(StrEnum):
    """The national reporting values for a desired outcome at closure."""

    FULLY = "Fully Achieved"
    PARTIALLY = "Partially Achieved"
    NOT = "Not Achieved"


class AskedCode(StrEnum):
    """The five-value national reporting code: were they asked what they wanted to happen?"""

    ASKED_AND_EXPRESSED = "Yes they were asked and outcomes were expressed"
    ASKED_NONE_EXPRESSED = "Yes they were asked but no outcomes were expressed"
    NOT_ASKED = "No"
    DONT_KNOW = "Don't know"
    NOT_RECORDED = "Not recorded"


class ExpressedBy(StrEnum):
    """Who said it: the person themselves, a representative (family, friend) or an advocate."""

    PERSON = "person"
    REPRESENTATIVE = "representative"
    ADVOCATE = "advocate"


class OutcomeKind(StrEnum):
    """What they want to happen, or something they do not want to happen."""

    WISH = "wish"
    NOT_WANTED = "not_wanted"


class Progress(StrEnum):
    """Progress towards one outcome, as judged at a review."""

    ON_TRACK = "on track"
    SOME_PROGRESS = "some progress"
    NO_PROGRESS = "no progress"
    AT_RISK = "at risk"


class ActionOwner(StrEnum):
    """Who carries an action out: the person, or an agency."""

    PERSON = "person"
    AGENCY = "agency"


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


class OutcomesAskedRecorded(DomainEvent):
    """Whether the person was asked what they want to happen: the reporting code, who asked whom."""

    event_type = "outcomes.OutcomesAskedRecorded"

    enquiry_id: UUID
    asked_code: AskedCode
    asked_by: str = Field(description="the practitioner's user id")
    asked_whom: ExpressedBy | None = Field(None, description="None when nobody was asked")
    asked_on: date | None = None
    recorded_at: datetime


class DesiredOutcomeRevised(DomainEvent):
    """The person changed what they want: new words, why, who agreed. The old words stay on record."""

    event_type = "outcomes.DesiredOutcomeRevised"

    enquiry_id: UUID
    outcome_id: UUID
    words: str = Field(description="the new words, exactly as said")
    previous_words: str = Field(description="the words they replace, kept verbatim")
    reason: str
    agreed_by: str = Field(description="who agreed the change, as recorded")
    rank: int | None = Field(None, ge=1, le=3, description="the new rank; None keeps the old")
    revised_at: datetime


class OutcomeMarkedNotAchievable(DomainEvent):
    """An outcome cannot be achieved: what the person was told and how they responded.
    Their original wish stays on record."""

    event_type = "outcomes.OutcomeMarkedNotAchievable"

    enquiry_id: UUID
    outcome_id: UUID
    explanation: str = Field(description="the explanation given to the person")
    persons_response: str = Field(description="the person's response, verbatim")
    marked_at: datetime


class ReviewScheduled(DomainEvent):
    """The enquiry's next review falls due on `due_on`; a new date re-arms the due reminders."""

    event_type = "outcomes.ReviewScheduled"

    enquiry_id: UUID
    due_on: date
    reason: str | None = None
    scheduled_at: datetime


class OutcomeProgress(BaseModel):
    model_config = ConfigDict(frozen=True)

    outcome_id: UUID
    progress: Progress


class ReviewHeld(DomainEvent):
    """A review took place: who came, the person's view in their words, progress per outcome."""

    event_type = "outcomes.ReviewHeld"

    enquiry_id: UUID
    review_id: UUID
    held_on: date
    attendees: list[str] = Field(description="who attended (user ids or roles, as recorded)")
    person_attended: bool
    advocate_attended: bool
    persons_view: str = Field(description="the person's view, verbatim")
    progress: list[OutcomeProgress]
    next_due_on: date
    recorded_at: datetime


class ActionAgreed(DomainEvent):
    """An action towards an outcome: what, who, by when, and how the person hears of progress."""

    event_type = "outcomes.ActionAgreed"

    enquiry_id: UUID
    action_id: UUID
    outcome_id: UUID
    what: str
    owner: ActionOwner
    owner_agency_id: str | None = Field(None, description="the agency, when an agency owns it")
    due_on: date
    report_back: str = Field(description="how progress will be reported back to the person")
    agreed_at: datetime


class ActionRescheduled(DomainEvent):
    """An open action has a new date; a new date re-arms the overdue reminder."""

    event_type = "outcomes.ActionRescheduled"

    enquiry_id: UUID
    action_id: UUID
    due_on: date
    reason: str
    rescheduled_at: datetime


class ActionCompleted(DomainEvent):
    event_type = "outcomes.ActionCompleted"

    enquiry_id: UUID
    action_id: UUID
    completed_at: datetime


class ActionCancelled(DomainEvent):
    event_type = "outcomes.ActionCancelled"

    enquiry_id: UUID
    action_id: UUID
    reason: str
    cancelled_at: datetime


class RecordViewed(DomainEvent):
    """Someone read an enquiry's outcomes (the platform's rule: every view is recorded).
    The viewer is the envelope's actor."""

    event_type = "outcomes.RecordViewed"

    enquiry_id: UUID
    what: str = Field(description="board | history")
    viewed_at: datetime


EVENTS: tuple[type[DomainEvent], ...] = (
    DesiredOutcomeRecorded,
    DesiredOutcomeWithdrawn,
    OutcomeAssessed,
    OutcomesConcluded,
    ReviewDueSoon,
    ReviewOverdue,
    ActionOverdue,
    OutcomesAskedRecorded,
    DesiredOutcomeRevised,
    OutcomeMarkedNotAchievable,
    ReviewScheduled,
    ReviewHeld,
    ActionAgreed,
    ActionRescheduled,
    ActionCompleted,
    ActionCancelled,
    RecordViewed,
)
