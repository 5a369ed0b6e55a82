"""The enquiry as the fold of its events. The detail read model is this state, as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from services.intake.domain.record import (
    AdvocacyNeed,
    Closure,
    ClosureProposal,
    ConsentEntry,
    Monitoring,
    Pause,
    PendingTransfer,
    PreferencesEntry,
    Reopening,
    RiskLine,
    Status,
)
from shared.codes import ClosureReason, ConsentDecision
from shared.contracts import intake as ev
from shared.events import DomainEvent

__all__ = [
    "AdvocacyNeed",
    "ConsentEntry",
    "EnquiryState",
    "RiskLine",
    "Status",
    "evolve",
    "fold",
]


class EnquiryState(BaseModel):
    enquiry_id: UUID
    version: int = 0
    status: Status = Status.OPEN
    lead_agency_id: str
    lead_practitioner_id: str
    opened_at: datetime
    concern: ev.ConcernRaised | None = None
    risks: list[RiskLine] = Field(default_factory=list)
    section_42: ev.Section42Decided | None = None
    capacity_assessments: list[ev.CapacityAssessed] = Field(default_factory=list)
    pauses: list[Pause] = Field(default_factory=list)
    advocacy: list[AdvocacyNeed] = Field(default_factory=list)
    preferences_history: list[PreferencesEntry] = Field(default_factory=list)
    consent_ledger: list[ConsentEntry] = Field(default_factory=list)
    monitoring: Monitoring | None = None
    pending_transfer: PendingTransfer | None = None
    lead_history: list[ev.LeadTransferred] = Field(default_factory=list)
    closure: Closure | None = None
    closure_proposal: ClosureProposal | None = None
    reopenings: list[Reopening] = Field(default_factory=list)

    @property
    def open_advocacy_need(self) -> AdvocacyNeed | None:
        return next((n for n in self.advocacy if not n.resolved), None)

    @property
    def ica_outstanding(self) -> bool:
        need = self.open_advocacy_need
        return need is not None and need.ica_required

    @property
    def timescales_paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].resumed_at is None

    @property
    def preferences(self) -> ev.CommunicationPreferences | None:
        return self.preferences_history[-1].preferences if self.preferences_history else None

    def risk(self, risk_id: UUID) -> RiskLine | None:
        return next((r for r in self.risks if r.risk_id == risk_id), None)

    def need(self, need_id: UUID) -> AdvocacyNeed | None:
        return next((n for n in self.advocacy if n.need_id == need_id), None)


def fold(events: Iterable[DomainEvent], start: EnquiryState | None = None) -> EnquiryState | None:
    """The enquiry after `events`, from `start` (which is not changed) or from nothing."""
    state = start.model_copy(deep=True) if start is not None else None
    for event in events:
        state = evolve(state, event)
    return state


def evolve(state: EnquiryState | None, event: DomainEvent) -> EnquiryState | None:
    """Apply one event in place (the state is the caller's own copy) and count its version."""
    if isinstance(event, ev.EnquiryOpened):
        return EnquiryState(
            enquiry_id=event.enquiry_id,
            version=1,
            lead_agency_id=event.lead_agency_id,
            lead_practitioner_id=event.lead_practitioner_id,
            opened_at=event.opened_at,
        )
    if state is None:
        return None
    state.version += 1
    _apply(state, event)
    return state


def _apply(state: EnquiryState, event: DomainEvent) -> None:
    match event:
        case ev.ConcernRaised():
            state.concern = event
        case ev.RiskIdentified():
            state.risks.append(
                RiskLine(
                    risk_id=event.risk_id,
                    risk_type=event.risk_type,
                    location=event.location,
                    source=event.source,
                )
            )
        case ev.RiskConcluded():
            if (risk := state.risk(event.risk_id)) is not None:
                risk.assessment_outcome = event.assessment_outcome
                risk.risk_outcome = event.risk_outcome
        case ev.Section42Decided():
            state.section_42 = event
        case ev.CapacityAssessed():
            state.capacity_assessments.append(event)
        case ev.TimescalesPaused():
            state.pauses.append(Pause(reason=event.reason, paused_at=event.paused_at))
        case ev.TimescalesResumed():
            state.pauses[-1].resumed_at = event.resumed_at
            state.pauses[-1].resume_reason = event.reason
        case ev.CommunicationPreferencesRecorded():
            state.preferences_history.append(
                PreferencesEntry(
                    preferences=event.preferences,
                    reason=event.reason,
                    recorded_at=event.recorded_at,
                )
            )
        case ev.ConsentRecorded() | ev.ConsentWithdrawn():
            state.consent_ledger.append(_ledger_entry(event))
        case ev.LeadTransferRequested():
            state.pending_transfer = PendingTransfer(
                to_agency_id=event.to_agency_id,
                reason=event.reason,
                requested_at=event.requested_at,
            )
        case ev.LeadTransferDeclined():
            state.pending_transfer = None
        case ev.LeadTransferred():
            state.pending_transfer = None
            state.lead_agency_id = event.lead_agency_id
            state.lead_practitioner_id = event.lead_practitioner_id
            state.lead_history.append(event)
        case ev.EnquiryClosed():
            state.status = Status.CLOSED
            state.closure_proposal = None
            state.closure = Closure(
                closed_at=event.closed_at,
                reason=ClosureReason(event.closure_reason),
                signed_off_by=event.signed_off_by,
            )
        case ev.ClosureProposed():
            state.closure_proposal = ClosureProposal(
                proposed_at=event.proposed_at,
                reason=ClosureReason(event.closure_reason),
                proposed_by=event.proposed_by,
            )
        case ev.EnquiryReopened():
            state.status = Status.MONITORING if state.monitoring else Status.OPEN
            state.closure = None
            state.reopenings.append(Reopening(reopened_at=event.reopened_at, reason=event.reason))
        case _:
            _apply_support(state, event)


def _apply_support(state: EnquiryState, event: DomainEvent) -> None:
    """Advocacy and declined intervention."""
    match event:
        case ev.AdvocacyNeedIdentified():
            state.advocacy.append(
                AdvocacyNeed(
                    need_id=event.need_id,
                    ica_required=event.ica_required,
                    identified_at=event.identified_at,
                )
            )
        case ev.AdvocacyOffered():
            if (need := state.need(event.need_id)) is not None:
                need.offered_at = event.offered_at
        case ev.AdvocateAppointed():
            if (need := state.need(event.need_id)) is not None:
                need.advocate, need.appointed_at = event.advocate, event.appointed_at
        case ev.AdvocacyDeclined():
            if (need := state.need(event.need_id)) is not None:
                need.declined_at, need.persons_words = event.declined_at, event.persons_words
        case ev.AdvocateStillNeeded():
            if (need := state.need(event.need_id)) is not None:
                need.chased_at = event.chased_at
        case ev.InterventionDeclined():
            state.status = Status.MONITORING
            state.monitoring = Monitoring(
                declined_at=event.declined_at,
                persons_words=event.persons_words,
                next_check_on=event.next_check_on,
                raised_anyway_because=event.raised_anyway_because,
                person_told=event.person_told,
            )
        case ev.InterventionTakenUp():
            state.status = Status.OPEN
            state.monitoring = None
        case ev.MonitoringCheckRecorded():
            if state.monitoring is not None:
                state.monitoring.checks.append(event)
                state.monitoring.next_check_on = event.next_check_on


def _ledger_entry(event: ev.ConsentRecorded | ev.ConsentWithdrawn) -> ConsentEntry:
    if isinstance(event, ev.ConsentRecorded):
        return ConsentEntry(
            consent_id=event.consent_id,
            recipient_agency_id=event.recipient_agency_id,
            purpose=event.purpose,
            decision=event.decision,
            decided_by=event.decided_by,
            capacity_to_consent=event.capacity_to_consent,
            information_kinds=list(event.information_kinds),
            valid_until=event.valid_until,
            effective_at=event.decided_at,
        )
    return ConsentEntry(
        consent_id=event.consent_id,
        recipient_agency_id=event.recipient_agency_id,
        purpose=event.purpose,
        decision=ConsentDecision.WITHDRAWN,
        decided_by=event.decided_by,
        reason=event.reason,
        effective_at=event.withdrawn_at,
    )
