"""The parts of an enquiry's record, as its state holds them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, Field

from shared.codes import (
    ClosureReason,
    ConsentDecidedBy,
    ConsentDecision,
    RiskAssessmentOutcome,
    RiskLocation,
    RiskOutcome,
    RiskSource,
    RiskType,
)
from shared.contracts import intake as ev


class Status(StrEnum):
    OPEN = "open"
    MONITORING = "monitoring"
    CLOSED = "closed"


class RiskLine(BaseModel):
    risk_id: UUID
    risk_type: RiskType
    location: RiskLocation
    source: RiskSource
    assessment_outcome: RiskAssessmentOutcome | None = None
    risk_outcome: RiskOutcome | None = None


class AdvocacyNeed(BaseModel):
    need_id: UUID
    ica_required: bool
    identified_at: datetime
    offered_at: datetime | None = None
    advocate: ev.Advocate | None = None
    appointed_at: datetime | None = None
    declined_at: datetime | None = None
    persons_words: str | None = None
    chased_at: datetime | None = None

    @property
    def resolved(self) -> bool:
        return self.advocate is not None or self.declined_at is not None


class PreferencesEntry(BaseModel):
    preferences: ev.CommunicationPreferences
    reason: str | None
    recorded_at: datetime


class ConsentEntry(BaseModel):
    """One line of the consent ledger; `effective_at` is when the decision took effect."""

    consent_id: UUID
    recipient_agency_id: str
    purpose: str
    decision: ConsentDecision
    decided_by: ConsentDecidedBy
    capacity_to_consent: bool | None = None
    information_kinds: list[str] = Field(default_factory=list)
    valid_until: date | None = None
    reason: str | None = None
    effective_at: datetime


class Pause(BaseModel):
    reason: str
    paused_at: datetime
    resume_reason: str | None = None
    resumed_at: datetime | None = None


class Monitoring(BaseModel):
    declined_at: datetime
    persons_words: str | None
    next_check_on: date
    raised_anyway_because: str | None = None
    person_told: bool | None = None
    checks: list[ev.MonitoringCheckRecorded] = Field(default_factory=list)


class PendingTransfer(BaseModel):
    to_agency_id: str
    reason: str
    requested_at: datetime


class Closure(BaseModel):
    closed_at: datetime
    reason: ClosureReason
    signed_off_by: str


class ClosureProposal(BaseModel):
    proposed_at: datetime
    reason: ClosureReason
    proposed_by: str


class Reopening(BaseModel):
    reopened_at: datetime
    reason: str
