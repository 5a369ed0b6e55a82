"""Whether a disclosure may go ahead, decided against the consent in force at that moment.

A pure function of its inputs (no I/O, no clock): the notifications service calls it when a
request is made and again at delivery, so that consent withdrawn in between still blocks it.

The rules, in order:
1. Consent in force for (recipient agency, purpose) — the latest decision at or before the moment,
   given, not expired, and given by someone able to give it — allows the kinds that the purpose
   needs AND the consent covers. Nothing outside both is ever delivered.
2. Otherwise an override approved on a lawful ground allows the kinds the purpose needs, unless
   consent was withdrawn after the approval: then a manager must look at it again.
3. Otherwise the disclosure is blocked, with a reason a practitioner can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from shared.sharing.vocabulary import (
    PURPOSE_NEEDS,
    ConsentStatus,
    DecidedBy,
    InformationKind,
    OverrideGround,
    Purpose,
)


@dataclass(frozen=True)
class ConsentDecision:
    """One entry of the consent ledger for (recipient agency, purpose)."""

    recipient_agency_id: str
    purpose: Purpose
    status: ConsentStatus
    decided_at: datetime
    decided_by: DecidedBy
    had_capacity_to_consent: bool
    scope: frozenset[InformationKind] = frozenset()
    valid_until: datetime | None = None

    def is_valid_consent(self) -> bool:
        """Consent from the person counts only if they had capacity to give it; otherwise it
        must come from their attorney or delegate, or sharing rests on an override."""
        if self.status is not ConsentStatus.GIVEN:
            return False
        return self.had_capacity_to_consent or self.decided_by is not DecidedBy.PERSON


@dataclass(frozen=True)
class ApprovedOverride:
    """Sharing without consent on a lawful ground, approved by a manager other than the requester."""

    override_id: UUID
    recipient_agency_id: str
    purpose: Purpose
    ground: OverrideGround
    narrative: str
    requested_by: str
    approved_by: str
    approved_at: datetime
    person_told: str | None = None  # how and when the person was told
    why_not_told: str | None = None  # why telling them would increase the risk

    def __post_init__(self) -> None:
        if not self.narrative.strip():
            raise ValueError("an override needs a narrative")
        if self.approved_by == self.requested_by:
            raise ValueError("an override is approved by a manager other than the requester")
        if bool(self.person_told) == bool(self.why_not_told):
            raise ValueError(
                "an override records either how the person was told or why telling them would "
                "increase the risk"
            )


@dataclass(frozen=True)
class DisclosureRequest:
    recipient_agency_id: str
    purpose: Purpose
    kinds: frozenset[InformationKind]


@dataclass(frozen=True)
class Allowed:
    kinds: frozenset[InformationKind]
    consent: ConsentDecision
    withheld: dict[InformationKind, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Overridden:
    kinds: frozenset[InformationKind]
    override: ApprovedOverride
    withheld: dict[InformationKind, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Blocked:
    reason: str
    consent: ConsentDecision | None = None


SharingDecision = Allowed | Overridden | Blocked


def consent_in_force(
    ledger: Iterable[ConsentDecision], recipient_agency_id: str, purpose: Purpose, at: datetime
) -> ConsentDecision | None:
    """The latest decision for (agency, purpose) taken at or before `at`, whatever it says.

    `ledger` is in the order the decisions were recorded: of two taken at the same moment, the
    one recorded last stands (a withdrawal typed in after a consent is not outvoted by it).
    """
    latest: ConsentDecision | None = None
    for decision in ledger:
        if (
            decision.recipient_agency_id == recipient_agency_id
            and decision.purpose is purpose
            and decision.decided_at <= at
            and (latest is None or decision.decided_at >= latest.decided_at)
        ):
            latest = decision
    return latest


def decide(
    request: DisclosureRequest,
    ledger: Sequence[ConsentDecision],
    overrides: Sequence[ApprovedOverride],
    at: datetime,
) -> SharingDecision:
    agency, purpose = request.recipient_agency_id, request.purpose
    if not request.kinds:
        return Blocked("Choose at least one kind of information to share.")
    needed = request.kinds & PURPOSE_NEEDS[purpose]
    not_needed = dict.fromkeys(request.kinds - needed, f"not needed for {purpose.label}")
    consent = consent_in_force(ledger, agency, purpose, at)
    if consent is not None and _in_force(consent, at):
        covered = needed & consent.scope
        withheld = not_needed | dict.fromkeys(
            needed - covered, "not within what the person agreed to share"
        )
        if covered:
            return Allowed(frozenset(covered), consent, withheld)
        return Blocked(
            f"The consent for {purpose.label} does not cover any of the information asked for "
            f"({_kinds(request.kinds)}).",
            consent,
        )
    override = _override_in_force(overrides, ledger, agency, purpose, at)
    if override is not None and needed:
        return Overridden(frozenset(needed), override, not_needed)
    if not needed:
        return Blocked(f"None of the information asked for is needed for {purpose.label}.", consent)
    return Blocked(_why_no_consent(consent, purpose, at), consent)


def _in_force(consent: ConsentDecision, at: datetime) -> bool:
    return consent.is_valid_consent() and (consent.valid_until is None or at < consent.valid_until)


def _override_in_force(
    overrides: Sequence[ApprovedOverride],
    ledger: Sequence[ConsentDecision],
    agency: str,
    purpose: Purpose,
    at: datetime,
) -> ApprovedOverride | None:
    approved = [
        override
        for override in overrides
        if override.recipient_agency_id == agency
        and override.purpose is purpose
        and override.approved_at <= at
    ]
    latest = max(approved, key=lambda override: override.approved_at, default=None)
    if latest is None:
        return None
    withdrawn_since = any(
        decision.status is ConsentStatus.WITHDRAWN
        and decision.recipient_agency_id == agency
        and decision.purpose is purpose
        and latest.approved_at < decision.decided_at <= at
        for decision in ledger
    )
    return None if withdrawn_since else latest


def _why_no_consent(consent: ConsentDecision | None, purpose: Purpose, at: datetime) -> str:
    ask = "Ask the person, or ask a manager to approve sharing on a lawful ground."
    if consent is None:
        return f"There is no consent to share for {purpose.label} with this agency. {ask}"
    when = consent.decided_at.date().isoformat()
    if consent.status is ConsentStatus.REFUSED:
        return f"Consent to share for {purpose.label} was refused on {when}. {ask}"
    if consent.status is ConsentStatus.WITHDRAWN:
        return f"Consent to share for {purpose.label} was withdrawn on {when}. {ask}"
    if not consent.is_valid_consent():
        return (
            f"The consent for {purpose.label} given on {when} was recorded when the person lacked "
            f"capacity to consent. {ask}"
        )
    # The only way left for consent in force to be unusable: it ran out.
    until = consent.valid_until.date().isoformat() if consent.valid_until else when
    return f"The consent for {purpose.label} ran out on {until}. {ask}"


def _kinds(kinds: Iterable[InformationKind]) -> str:
    return ", ".join(sorted(kind.label for kind in kinds))
