"""The consent ledger: per recipient agency and purpose, who decided what, when, until when.

Entries are never changed; the decision in force at any moment is the latest one that had taken
effect by then (a given consent past its `valid_until` has expired).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel

from services.intake.domain.access import require_open, require_writer
from services.intake.domain.errors import ConflictsWithRecord, RuleBroken
from services.intake.domain.state import ConsentEntry, EnquiryState
from shared.auth import Actor
from shared.codes import ConsentDecidedBy, ConsentDecision
from shared.contracts import intake as ev
from shared.events import DomainEvent


class InForce(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class ConsentState(BaseModel):
    recipient_agency_id: str
    purpose: str
    status: InForce
    since: datetime
    information_kinds: list[str]
    valid_until: date | None
    decided_by: ConsentDecidedBy
    consent_id: UUID


def consent_in_force(ledger: list[ConsentEntry], at: datetime) -> list[ConsentState]:
    """The decision in force at `at` for each recipient and purpose decided by then."""
    latest: dict[tuple[str, str], ConsentEntry] = {}
    for entry in sorted(ledger, key=lambda e: e.effective_at):
        if entry.effective_at <= at:
            latest[(entry.recipient_agency_id, entry.purpose)] = entry
    return [_state_of(entry, at) for _key, entry in sorted(latest.items())]


def _state_of(entry: ConsentEntry, at: datetime) -> ConsentState:
    status = InForce(entry.decision.value)
    given = entry.decision is ConsentDecision.GIVEN
    if given and entry.valid_until is not None and at.date() > entry.valid_until:
        status = InForce.EXPIRED
    return ConsentState(
        recipient_agency_id=entry.recipient_agency_id,
        purpose=entry.purpose,
        status=status,
        since=entry.effective_at,
        information_kinds=entry.information_kinds if given else [],
        valid_until=entry.valid_until,
        decided_by=entry.decided_by,
        consent_id=entry.consent_id,
    )


def _last_for(state: EnquiryState, recipient: str, purpose: str) -> ConsentEntry | None:
    entries = [
        e
        for e in state.consent_ledger
        if e.recipient_agency_id == recipient and e.purpose == purpose
    ]
    return max(entries, key=lambda e: e.effective_at) if entries else None


def _effective(
    state: EnquiryState, recipient: str, purpose: str, at: datetime, now: datetime
) -> None:
    if at > now:
        raise RuleBroken("A decision cannot take effect in the future.", field="decided_at")
    last = _last_for(state, recipient, purpose)
    if last is not None and at < last.effective_at:
        raise RuleBroken(
            "A later decision for this agency and purpose is already recorded.", field="decided_at"
        )


def record_consent(
    state: EnquiryState,
    *,
    actor: Actor,
    now: datetime,
    consent_id: UUID,
    recipient_agency_id: str,
    purpose: str,
    decision: ConsentDecision,
    decided_by: ConsentDecidedBy,
    capacity_to_consent: bool,
    information_kinds: list[str],
    valid_until: date | None,
    decided_at: datetime | None,
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    at = decided_at or now
    if decision is ConsentDecision.WITHDRAWN:
        raise RuleBroken("Record a withdrawal with the withdraw command.", field="decision")
    if decided_by is ConsentDecidedBy.PERSON and not capacity_to_consent:
        raise RuleBroken(
            "The person lacks capacity to consent: record who decided for them.",
            field="decided_by",
        )
    if decision is ConsentDecision.GIVEN and not information_kinds:
        raise RuleBroken("Say which kinds of information may be shared.", field="information_kinds")
    if decision is ConsentDecision.REFUSED and information_kinds:
        raise RuleBroken("A refusal shares nothing: leave it empty.", field="information_kinds")
    if valid_until is not None and valid_until < at.date():
        raise RuleBroken("It must be valid until a date after the decision.", field="valid_until")
    if any(e.consent_id == consent_id for e in state.consent_ledger):
        raise ConflictsWithRecord("This consent decision is already recorded.", field="consent_id")
    _effective(state, recipient_agency_id, purpose, at, now)
    return [
        ev.ConsentRecorded(
            enquiry_id=state.enquiry_id,
            consent_id=consent_id,
            recipient_agency_id=recipient_agency_id,
            purpose=purpose,
            decision=decision,
            decided_by=decided_by,
            capacity_to_consent=capacity_to_consent,
            information_kinds=information_kinds,
            valid_until=valid_until,
            decided_at=at,
        )
    ]


def withdraw_consent(
    state: EnquiryState,
    *,
    actor: Actor,
    now: datetime,
    recipient_agency_id: str,
    purpose: str,
    decided_by: ConsentDecidedBy,
    reason: str | None,
    withdrawn_at: datetime | None,
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    at = withdrawn_at or now
    _effective(state, recipient_agency_id, purpose, at, now)
    current = [
        c
        for c in consent_in_force(state.consent_ledger, at)
        if (c.recipient_agency_id, c.purpose) == (recipient_agency_id, purpose)
    ]
    if not current or current[0].status is not InForce.GIVEN:
        raise RuleBroken(
            "No consent is in force for this agency and purpose.", field="recipient_agency_id"
        )
    return [
        ev.ConsentWithdrawn(
            enquiry_id=state.enquiry_id,
            consent_id=current[0].consent_id,
            recipient_agency_id=recipient_agency_id,
            purpose=purpose,
            decided_by=decided_by,
            reason=reason,
            withdrawn_at=at,
        )
    ]
