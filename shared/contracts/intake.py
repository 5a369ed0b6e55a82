"""Events published by the intake service on `msp.intake.events`."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.codes import (
    AdvocateKind,
    AgeBand,
    CapacityOutcome,
    ConsentDecidedBy,
    ConsentDecision,
    ContactMethod,
    NoEnquiryRouting,
    PrimarySupportReason,
    RiskAssessmentOutcome,
    RiskLocation,
    RiskOutcome,
    RiskSource,
    RiskType,
    Section42Result,
)
from shared.events import DomainEvent

STREAM = "msp.intake.events"


class EnquiryOpened(DomainEvent):
    """An enquiry was opened for a person; its lead agency now owns the record."""

    event_type = "intake.EnquiryOpened"

    enquiry_id: UUID = Field(description="the enquiry, also the stream id")
    lead_agency_id: str = Field(description="the agency leading the enquiry")
    lead_practitioner_id: str = Field(description="the user leading the enquiry")
    opened_at: datetime = Field(description="when the enquiry was opened (UTC)")


class LeadTransferred(DomainEvent):
    """The lead of an enquiry moved: to another practitioner, or to another agency that accepted."""

    event_type = "intake.LeadTransferred"

    enquiry_id: UUID
    lead_agency_id: str = Field(description="the agency now leading the enquiry")
    lead_practitioner_id: str = Field(description="the user now leading the enquiry")
    previous_agency_id: str
    previous_practitioner_id: str


class EnquiryClosed(DomainEvent):
    """A manager signed the enquiry off; outcomes, feedback and notifications act on it."""

    event_type = "intake.EnquiryClosed"

    enquiry_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    closed_at: datetime
    closure_reason: str = Field(description="the reason code chosen at closure")
    signed_off_by: str = Field(description="the manager (not the lead) who signed it off")


class EnquiryReopened(DomainEvent):
    """A closed enquiry was reopened, with a reason."""

    event_type = "intake.EnquiryReopened"

    enquiry_id: UUID
    reopened_at: datetime
    reason: str


# --- The enquiry's record (issue #3). Added after the agreed four above; additive only. ---


class Value(BaseModel):
    """A part of an event's payload. Unknown fields are ignored, as in events."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Referrer(Value):
    name: str = Field(min_length=1, max_length=200)
    role: str = Field(min_length=1, max_length=200, description="their role, e.g. neighbour, GP")
    agency: str | None = Field(None, max_length=200, description="their organisation, if any")
    contact: str | None = Field(None, max_length=500, description="how to reach them")


class Person(Value):
    """The adult at risk: the expert in their own life."""

    name: str = Field(min_length=1, max_length=200)
    date_of_birth: date
    gender: str | None = Field(None, max_length=100, description="as the person describes it")
    ethnicity: str | None = Field(None, max_length=100)
    primary_support_reason: PrimarySupportReason = PrimarySupportReason.NOT_KNOWN
    contact: str | None = Field(None, max_length=500, description="address, phone or email")


class OthersAtRisk(Value):
    adults: bool = Field(False, description="other adults at risk")
    children: bool = Field(False, description="children at risk")
    details: str | None = Field(None, max_length=2_000)


class AllegedSourceOfHarm(Value):
    """The person alleged to cause harm; never their name in an event others can read."""

    relationship: str = Field(min_length=1, max_length=200, examples=["neighbour"])
    lives_with_person: bool = False
    also_adult_at_risk: bool = False
    in_position_of_trust: bool = Field(False, description="in a position of trust or authority")


class ConcernRaised(DomainEvent):
    """A concern about an adult: who raised it, when, what happened, and who is involved."""

    event_type = "intake.ConcernRaised"

    enquiry_id: UUID
    referrer: Referrer
    raised_at: datetime = Field(description="when the referrer raised it (UTC)")
    what_happened: str = Field(min_length=1, max_length=10_000, description="verbatim")
    person: Person
    age_band: AgeBand = Field(description="the reporting band of the person's age when raised")
    others_at_risk: OthersAtRisk = OthersAtRisk()
    alleged_source_of_harm: AllegedSourceOfHarm | None = None


class RiskIdentified(DomainEvent):
    """One line of risk, in the national lists' values."""

    event_type = "intake.RiskIdentified"

    enquiry_id: UUID
    risk_id: UUID
    risk_type: RiskType
    location: RiskLocation
    source: RiskSource


class RiskConcluded(DomainEvent):
    """What the risk assessment found and, where a risk was identified, what became of it."""

    event_type = "intake.RiskConcluded"

    enquiry_id: UUID
    risk_id: UUID
    assessment_outcome: RiskAssessmentOutcome
    risk_outcome: RiskOutcome | None = None


class Section42Test(Value):
    met: bool
    reason: str = Field(min_length=1, max_length=2_000)


class Section42Decided(DomainEvent):
    """A manager applied the three tests of section 42 and decided what happens next."""

    event_type = "intake.Section42Decided"

    enquiry_id: UUID
    needs_care_and_support: Section42Test
    experiencing_or_at_risk_of_abuse: Section42Test
    unable_to_protect_themselves: Section42Test
    result: Section42Result
    routing: NoEnquiryRouting | None = Field(None, description="where a 'No enquiry' goes")
    decided_by: str = Field(description="the manager's user id")
    decided_at: datetime


class CapacityAssessed(DomainEvent):
    """A decision-specific capacity assessment."""

    event_type = "intake.CapacityAssessed"

    enquiry_id: UUID
    assessment_id: UUID
    decision: str = Field(min_length=1, max_length=500, description="the decision in question")
    outcome: CapacityOutcome
    assessor: str = Field(min_length=1, max_length=200)
    assessed_on: date
    fluctuates: bool = Field(False, description="whether capacity comes and goes")


class TimescalesPaused(DomainEvent):
    """The enquiry's timescales stopped, e.g. while the person recovers."""

    event_type = "intake.TimescalesPaused"

    enquiry_id: UUID
    reason: str = Field(min_length=1, max_length=2_000)
    paused_at: datetime


class TimescalesResumed(DomainEvent):
    event_type = "intake.TimescalesResumed"

    enquiry_id: UUID
    reason: str = Field(min_length=1, max_length=2_000)
    resumed_at: datetime


class AdvocacyNeedIdentified(DomainEvent):
    """The person needs an advocate to take part; an ICA where they lack capacity and have no
    family or friend to consult."""

    event_type = "intake.AdvocacyNeedIdentified"

    enquiry_id: UUID
    need_id: UUID
    substantial_difficulty: bool
    appropriate_person_available: bool
    family_or_friend_to_consult: bool
    ica_required: bool
    identified_at: datetime


class AdvocacyOffered(DomainEvent):
    event_type = "intake.AdvocacyOffered"

    enquiry_id: UUID
    need_id: UUID
    offered_at: datetime


class Advocate(Value):
    kind: AdvocateKind
    name: str = Field(min_length=1, max_length=200)
    organisation: str | None = Field(None, max_length=200)
    contact: str | None = Field(None, max_length=500)


class AdvocateAppointed(DomainEvent):
    event_type = "intake.AdvocateAppointed"

    enquiry_id: UUID
    need_id: UUID
    advocate: Advocate
    appointed_at: datetime


class AdvocacyDeclined(DomainEvent):
    event_type = "intake.AdvocacyDeclined"

    enquiry_id: UUID
    need_id: UUID
    persons_words: str | None = Field(None, max_length=10_000, description="verbatim")
    declined_at: datetime


class AdvocateStillNeeded(DomainEvent):
    """No advocate appointed some days after the need was found: for notifications to chase.
    Published once per need."""

    event_type = "intake.AdvocateStillNeeded"

    enquiry_id: UUID
    need_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    ica_required: bool
    needed_since: datetime
    days_waiting: int = Field(ge=0)
    chased_at: datetime


class CommunicationPreferences(Value):
    """How the person wants to be reached and met, in full each time it is recorded."""

    contact_allowed: list[ContactMethod] = Field(default_factory=list)
    contact_refused: list[ContactMethod] = Field(default_factory=list)
    in_their_words: str | None = Field(
        None, max_length=2_000, description="verbatim, e.g. 'please don't send me letters'"
    )
    easy_read: bool = False
    pictures: bool = False
    language: str | None = Field(None, max_length=100)
    interpreter_needed: bool = False
    who_to_involve: str | None = Field(None, max_length=500, description="verbatim")
    meeting_place: str | None = Field(None, max_length=500)
    meeting_times: str | None = Field(None, max_length=500)
    enter_room_first: bool | None = None
    pace: str | None = Field(None, max_length=500)


class CommunicationPreferencesRecorded(DomainEvent):
    """The person's communication and meeting preferences now; earlier ones stay in history."""

    event_type = "intake.CommunicationPreferencesRecorded"

    enquiry_id: UUID
    preferences: CommunicationPreferences
    reason: str | None = Field(None, max_length=2_000, description="why they changed")
    recorded_at: datetime


class ConsentRecorded(DomainEvent):
    """A consent decision for one recipient agency and purpose: given or refused."""

    event_type = "intake.ConsentRecorded"

    enquiry_id: UUID
    consent_id: UUID
    recipient_agency_id: str
    purpose: str
    decision: ConsentDecision
    decided_by: ConsentDecidedBy
    capacity_to_consent: bool
    information_kinds: list[str] = Field(description="what may be shared; empty when refused")
    valid_until: date | None = None
    decided_at: datetime


class ConsentWithdrawn(DomainEvent):
    """A consent given earlier no longer stands, from `withdrawn_at`."""

    event_type = "intake.ConsentWithdrawn"

    enquiry_id: UUID
    consent_id: UUID
    recipient_agency_id: str
    purpose: str
    decided_by: ConsentDecidedBy
    reason: str | None = None
    withdrawn_at: datetime


class InterventionDeclined(DomainEvent):
    """A person with capacity declined; support continues and the situation is monitored."""

    event_type = "intake.InterventionDeclined"

    enquiry_id: UUID
    persons_words: str | None = Field(None, max_length=10_000, description="verbatim")
    next_check_on: date
    raised_anyway_because: str | None = Field(
        None, max_length=2_000, description="a crime or risk to others means action goes on"
    )
    person_told: bool | None = None
    declined_at: datetime


class InterventionTakenUp(DomainEvent):
    """The person took up the offer again: the enquiry is active once more."""

    event_type = "intake.InterventionTakenUp"

    enquiry_id: UUID
    taken_up_at: datetime


class MonitoringCheckRecorded(DomainEvent):
    event_type = "intake.MonitoringCheckRecorded"

    enquiry_id: UUID
    checked_at: datetime
    note: str | None = Field(None, max_length=2_000)
    next_check_on: date


class LeadTransferRequested(DomainEvent):
    """The lead agency asked another agency to take the lead; nothing moves until it accepts."""

    event_type = "intake.LeadTransferRequested"

    enquiry_id: UUID
    from_agency_id: str
    to_agency_id: str
    reason: str
    requested_at: datetime


class LeadTransferDeclined(DomainEvent):
    event_type = "intake.LeadTransferDeclined"

    enquiry_id: UUID
    to_agency_id: str
    reason: str
    declined_at: datetime


class EnquiryRecordViewed(DomainEvent):
    """Someone viewed an enquiry's record: the access log (its own stream per view)."""

    event_type = "intake.EnquiryRecordViewed"

    enquiry_id: UUID
    user_id: str
    agency_id: str
    role: str
    view: str = Field(description="detail | timeline | consents | access-log")
    viewed_at: datetime


class ClosureProposed(DomainEvent):
    """The lead proposes closing the enquiry, with the reason; a manager then signs it off."""

    event_type = "intake.ClosureProposed"

    enquiry_id: UUID
    closure_reason: str = Field(description="the national closure reason proposed")
    proposed_by: str = Field(description="the user who proposed it")
    proposed_at: datetime


# Contract agreed between the services before #3 and #4 were built in parallel: intake may add
# events and fields (additive only); the ones above keep their names and fields.
EVENTS: tuple[type[DomainEvent], ...] = (
    EnquiryOpened,
    LeadTransferred,
    EnquiryClosed,
    EnquiryReopened,
    ConcernRaised,
    RiskIdentified,
    RiskConcluded,
    Section42Decided,
    CapacityAssessed,
    TimescalesPaused,
    TimescalesResumed,
    AdvocacyNeedIdentified,
    AdvocacyOffered,
    AdvocateAppointed,
    AdvocacyDeclined,
    AdvocateStillNeeded,
    CommunicationPreferencesRecorded,
    ConsentRecorded,
    ConsentWithdrawn,
    InterventionDeclined,
    InterventionTakenUp,
    MonitoringCheckRecorded,
    LeadTransferRequested,
    LeadTransferDeclined,
    EnquiryRecordViewed,
    ClosureProposed,
)
