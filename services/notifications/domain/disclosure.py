"""A disclosure's life: requested, then shared or blocked; a blocked one may be overridden on a
lawful ground, approved by another manager, and then delivered — each step decided by
`shared.sharing.decide` against the consent in force at that moment."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from services.notifications.domain.errors import NotAllowed, RuleBroken, WrongStage
from shared.auth import Actor, Role
from shared.contracts.notifications import (
    DisclosureRequested,
    InformationShared,
    OverrideRequested,
    SharingBlocked,
    SharingOverridden,
)
from shared.events import DomainEvent
from shared.sharing import (
    Allowed,
    ApprovedOverride,
    Blocked,
    ConsentDecision,
    DisclosureRequest,
    InformationKind,
    OverrideGround,
    Purpose,
    decide,
)

Content = dict[str, Any]
ContentOf = Callable[[frozenset[InformationKind]], Content]


class Stage(StrEnum):
    REQUESTED = "requested"  # allowed when asked; delivery follows
    BLOCKED = "blocked"
    OVERRIDE_REQUESTED = "override_requested"
    OVERRIDE_APPROVED = "override_approved"
    SHARED = "shared"


@dataclass(frozen=True)
class Disclosure:
    disclosure_id: UUID
    enquiry_id: UUID
    lead_agency_id: str
    recipient_agency_id: str
    purpose: Purpose
    kinds: frozenset[InformationKind]
    requested_by: str
    stage: Stage
    version: int
    override_request: OverrideRequested | None = None
    approved: ApprovedOverride | None = None

    @property
    def request(self) -> DisclosureRequest:
        return DisclosureRequest(self.recipient_agency_id, self.purpose, self.kinds)


def stream_of(disclosure_id: UUID) -> str:
    return f"disclosure-{disclosure_id}"


def fold(events: Sequence[DomainEvent]) -> Disclosure | None:
    state: Disclosure | None = None
    for version, event in enumerate(events, start=1):
        state = _evolve(state, event)
        if state is not None:
            state = replace(state, version=version)
    return state


def _evolve(state: Disclosure | None, event: DomainEvent) -> Disclosure | None:
    if isinstance(event, DisclosureRequested):
        return Disclosure(
            disclosure_id=event.disclosure_id,
            enquiry_id=event.enquiry_id,
            lead_agency_id=event.lead_agency_id,
            recipient_agency_id=event.recipient_agency_id,
            purpose=Purpose(event.purpose),
            kinds=frozenset(InformationKind(k) for k in event.kinds),
            requested_by=event.requested_by,
            stage=Stage.REQUESTED,
            version=0,
        )
    if state is None:
        return None
    if isinstance(event, SharingBlocked):
        return replace(state, stage=Stage.BLOCKED, override_request=None, approved=None)
    if isinstance(event, OverrideRequested):
        return replace(state, stage=Stage.OVERRIDE_REQUESTED, override_request=event)
    if isinstance(event, SharingOverridden):
        return replace(state, stage=Stage.OVERRIDE_APPROVED, approved=_approved(event, state))
    if isinstance(event, InformationShared):
        return replace(state, stage=Stage.SHARED)
    return state


def _approved(event: SharingOverridden, state: Disclosure) -> ApprovedOverride:
    return ApprovedOverride(
        override_id=event.override_id,
        recipient_agency_id=state.recipient_agency_id,
        purpose=state.purpose,
        ground=OverrideGround(event.ground),
        narrative=event.narrative,
        requested_by=event.requested_by,
        approved_by=event.approved_by,
        approved_at=event.approved_at,
        person_told=event.person_told,
        why_not_told=event.why_not_told,
    )


def request_disclosure(
    *,
    disclosure_id: UUID,
    enquiry_id: UUID,
    lead_agency_id: str,
    actor: Actor,
    recipient_agency_id: str,
    purpose: Purpose,
    kinds: frozenset[InformationKind],
    ledger: Sequence[ConsentDecision],
    now: datetime,
) -> list[DomainEvent]:
    """The request, and a block at once if the policy refuses it; an allowed one is delivered
    next, after the policy is asked again."""
    if actor.agency_id != lead_agency_id:
        raise NotAllowed("Only the lead agency can share this enquiry's information.")
    if recipient_agency_id == lead_agency_id:
        raise RuleBroken("Choose another agency to share with.", field="recipient_agency_id")
    requested = DisclosureRequested(
        disclosure_id=disclosure_id,
        enquiry_id=enquiry_id,
        lead_agency_id=lead_agency_id,
        recipient_agency_id=recipient_agency_id,
        purpose=purpose.value,
        kinds=sorted(k.value for k in kinds),
        requested_by=actor.user_id,
        requested_at=now,
    )
    decision = decide(DisclosureRequest(recipient_agency_id, purpose, kinds), ledger, (), now)
    if isinstance(decision, Blocked):
        return [requested, _blocked(requested, decision, "request", now)]
    return [requested]


def request_override(
    state: Disclosure,
    *,
    actor: Actor,
    override_id: UUID,
    ground: OverrideGround,
    narrative: str,
    person_told: str | None,
    why_not_told: str | None,
    now: datetime,
) -> list[DomainEvent]:
    _of_lead_agency(state, actor)
    if state.stage is not Stage.BLOCKED:
        raise WrongStage("An override can be asked for only when sharing was blocked.")
    if not narrative.strip():
        raise RuleBroken("Say why sharing without consent is needed.", field="narrative")
    told, not_told = _blank_to_none(person_told), _blank_to_none(why_not_told)
    if bool(told) == bool(not_told):
        raise RuleBroken(
            "Record either how and when the person was told, or why telling them would put "
            "them at more risk.",
            field="person_told",
        )
    return [
        OverrideRequested(
            disclosure_id=state.disclosure_id,
            enquiry_id=state.enquiry_id,
            override_id=override_id,
            ground=ground.value,
            narrative=narrative,
            person_told=told,
            why_not_told=not_told,
            requested_by=actor.user_id,
            requested_at=now,
        )
    ]


def approve_override(state: Disclosure, *, actor: Actor, now: datetime) -> list[DomainEvent]:
    _of_lead_agency(state, actor)
    asked = state.override_request
    if state.stage is not Stage.OVERRIDE_REQUESTED or asked is None:
        raise WrongStage("There is no override waiting for approval.")
    if actor.role is not Role.MANAGER:
        raise NotAllowed("Only a manager can approve sharing without consent.")
    if actor.user_id == asked.requested_by:
        raise NotAllowed("A manager other than the one who asked must approve this override.")
    return [
        SharingOverridden(
            disclosure_id=state.disclosure_id,
            enquiry_id=state.enquiry_id,
            override_id=asked.override_id,
            recipient_agency_id=state.recipient_agency_id,
            purpose=state.purpose.value,
            ground=asked.ground,
            narrative=asked.narrative,
            person_told=asked.person_told,
            why_not_told=asked.why_not_told,
            requested_by=asked.requested_by,
            approved_by=actor.user_id,
            approved_at=now,
        )
    ]


def deliver(
    state: Disclosure,
    *,
    actor: Actor,
    ledger: Sequence[ConsentDecision],
    content_of: ContentOf,
    now: datetime,
) -> list[DomainEvent]:
    """Ask the policy again at the moment of delivery: consent withdrawn since the request, or
    since an override's approval, blocks it."""
    _of_lead_agency(state, actor)
    if state.stage not in (Stage.REQUESTED, Stage.OVERRIDE_APPROVED):
        raise WrongStage(_why_not_deliverable(state.stage))
    overrides = [state.approved] if state.approved is not None else []
    decision = decide(state.request, ledger, overrides, now)
    if isinstance(decision, Blocked):
        return [_blocked(state, decision, "delivery", now)]
    content = content_of(decision.kinds)
    is_consent = isinstance(decision, Allowed)
    return [
        InformationShared(
            disclosure_id=state.disclosure_id,
            enquiry_id=state.enquiry_id,
            lead_agency_id=state.lead_agency_id,
            recipient_agency_id=state.recipient_agency_id,
            purpose=state.purpose.value,
            kinds=sorted(k.value for k in decision.kinds),
            withheld={k.value: why for k, why in sorted(decision.withheld.items())},
            basis="consent" if is_consent else "override",
            override_id=None if isinstance(decision, Allowed) else decision.override.override_id,
            content={k: v for k, v in content.items() if k in decision.kinds},
            shared_by=actor.user_id,
            shared_at=now,
        )
    ]


def _blocked(
    state: Disclosure | DisclosureRequested, decision: Blocked, stage: str, now: datetime
) -> SharingBlocked:
    return SharingBlocked(
        disclosure_id=state.disclosure_id,
        enquiry_id=state.enquiry_id,
        recipient_agency_id=state.recipient_agency_id,
        purpose=str(state.purpose),
        reason=decision.reason,
        stage=stage,
        blocked_at=now,
    )


def _of_lead_agency(state: Disclosure, actor: Actor) -> None:
    if actor.agency_id != state.lead_agency_id:
        raise NotAllowed("Only the lead agency can act on this disclosure.")


def _why_not_deliverable(stage: Stage) -> str:
    return {
        Stage.SHARED: "This disclosure was delivered already.",
        Stage.BLOCKED: "Sharing was blocked: ask for an override on a lawful ground first.",
        Stage.OVERRIDE_REQUESTED: "The override is waiting for a manager's approval.",
    }.get(stage, "This disclosure cannot be delivered now.")


def _blank_to_none(text: str | None) -> str | None:
    return text if text is not None and text.strip() else None
