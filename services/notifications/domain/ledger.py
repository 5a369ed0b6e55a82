"""The consent ledger as intake recorded it, in the policy's words.

Intake's events carry the policy's values as strings (`purpose`, `information_kinds`) and the
national code lists' wording for who decided; this is the one place they are translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from shared.codes import ConsentDecidedBy
from shared.sharing import ConsentDecision, ConsentStatus, DecidedBy, InformationKind, Purpose

KNOWN_KINDS = frozenset(kind.value for kind in InformationKind)
DECIDED_BY: dict[str, DecidedBy] = {
    ConsentDecidedBy.PERSON.value: DecidedBy.PERSON,
    ConsentDecidedBy.ADVOCATE.value: DecidedBy.ADVOCATE,
    ConsentDecidedBy.ATTORNEY.value: DecidedBy.ATTORNEY,
    ConsentDecidedBy.DELEGATE.value: DecidedBy.DELEGATE,
}


@dataclass(frozen=True)
class LedgerEntry:
    """One row of the consent ledger projection, in the order intake recorded it."""

    recipient_agency_id: str
    purpose: str
    status: str
    decided_by: str
    capacity_to_consent: bool
    kinds: tuple[str, ...]
    valid_until: date | None
    decided_at: datetime


def end_of(day: date) -> datetime:
    """Consent 'valid until' a date holds through that whole day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def to_policy(entries: list[LedgerEntry]) -> list[ConsentDecision]:
    """Entries the policy understands; one with an unknown purpose can never allow anything, so
    it is left out (an unknown kind is dropped from a scope: it cannot widen it)."""
    decisions = []
    for entry in entries:
        try:
            purpose = Purpose(entry.purpose)
            status = ConsentStatus(entry.status)
        except ValueError:
            continue
        decisions.append(
            ConsentDecision(
                recipient_agency_id=entry.recipient_agency_id,
                purpose=purpose,
                status=status,
                decided_at=entry.decided_at,
                decided_by=DECIDED_BY.get(entry.decided_by, DecidedBy.PERSON),
                had_capacity_to_consent=entry.capacity_to_consent,
                scope=frozenset(InformationKind(k) for k in entry.kinds if k in KNOWN_KINDS),
                valid_until=end_of(entry.valid_until) if entry.valid_until else None,
            )
        )
    return decisions
