"""What the enquiry page reads of intake's record and timeline. Fields the service adds later are
ignored until a page uses them."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.portal.views.communication import Preferences


class Read(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Risk(Read):
    risk_id: UUID | None = None
    risk_type: str
    location: str
    source: str
    assessment_outcome: str | None = None
    risk_outcome: str | None = None


class Test(Read):
    met: bool
    reason: str


class Section42(Read):
    needs_care_and_support: Test
    experiencing_or_at_risk_of_abuse: Test
    unable_to_protect_themselves: Test
    result: str
    routing: str | None = None
    decided_by: str
    decided_at: datetime


class CapacityAssessment(Read):
    decision: str
    outcome: str
    assessor: str
    assessed_on: date
    fluctuates: bool = False


class Advocate(Read):
    kind: str
    name: str
    organisation: str | None = None


class AdvocacyNeed(Read):
    need_id: UUID | None = None
    ica_required: bool
    identified_at: datetime
    offered_at: datetime | None = None
    advocate: Advocate | None = None
    appointed_at: datetime | None = None
    declined_at: datetime | None = None
    persons_words: str | None = None


class Consent(Read):
    recipient_agency_id: str
    purpose: str
    decision: str
    decided_by: str
    capacity_to_consent: bool | None = None
    information_kinds: list[str] = []
    valid_until: date | None = None
    effective_at: datetime


class ConsentNow(Read):
    """A decision in force now (intake's `consent_in_force`): given, refused or expired."""

    recipient_agency_id: str
    purpose: str
    status: str
    since: datetime
    information_kinds: list[str] = []
    valid_until: date | None = None
    decided_by: str


class Pause(Read):
    reason: str
    paused_at: datetime
    resume_reason: str | None = None
    resumed_at: datetime | None = None


class Check(Read):
    checked_at: datetime
    note: str | None = None
    next_check_on: date


class Monitoring(Read):
    declined_at: datetime
    persons_words: str | None = None
    next_check_on: date
    raised_anyway_because: str | None = None
    person_told: bool | None = None
    checks: list[Check] = []


class PendingTransfer(Read):
    to_agency_id: str
    reason: str
    requested_at: datetime


class Reopening(Read):
    reopened_at: datetime
    reason: str


class Person(Read):
    name: str


class Concern(Read):
    what_happened: str
    raised_at: datetime
    person: Person


class Enquiry(Read):
    enquiry_id: UUID
    version: int = 0
    status: str = "open"
    lead_agency_id: str | None = None
    lead_practitioner_id: str | None = None
    opened_at: datetime | None = None
    concern: Concern | None = None
    risks: list[Risk] = []
    section_42: Section42 | None = None
    capacity_assessments: list[CapacityAssessment] = []
    advocacy: list[AdvocacyNeed] = []
    communication_preferences: Preferences | None = None
    ica_required_until_appointed: bool = False
    consent_ledger: list[Consent] = []
    consent_in_force: list[ConsentNow] = []
    closure_blocked_by: str | None = None
    timescales_are_paused: bool = False
    pauses: list[Pause] = []
    monitoring: Monitoring | None = None
    pending_transfer: PendingTransfer | None = None
    reopenings: list[Reopening] = []

    @property
    def person_name(self) -> str | None:
        return self.concern.person.name if self.concern else None


class Who(Read):
    user_id: str
    agency_id: str


class TimelineEntry(Read):
    what: str
    who: Who
    when: datetime
    why: str | None = None
    details: dict[str, object] = {}

    @property
    def persons_words(self) -> str | None:
        """The person's own words the entry recorded (a refusal of advocacy or of support)."""
        words = self.details.get("persons_words")
        return words if isinstance(words, str) and words.strip() else None


class Timeline(Read):
    entries: list[TimelineEntry] = []


def agency_name(agency_id: str | None) -> str:
    """`adult-social-care` as people say it: "Adult social care"."""
    return (agency_id or "Not known").replace("-", " ").capitalize()
