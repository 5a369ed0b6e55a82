"""Use cases of a disclosure: request it, ask for and approve an override, deliver it.

The policy decides at the request and again at delivery, each time against the consent ledger
read at that moment. Delivery, the record of it (`InformationShared`) and the message telling
the person go in one append: none without the others.
"""

from __future__ import annotations

from uuid import UUID

from services.notifications.commands.reads import (
    case_file_of,
    content_from,
    lead_of,
    lead_practitioner_of,
    ledger_of,
    load_disclosure,
    reach_of,
)
from services.notifications.domain import disclosure as domain
from services.notifications.domain.errors import SharingRefused
from services.notifications.domain.preferences import route_for_person
from services.notifications.domain.telling import tell_person
from shared.auth import Actor
from shared.contracts.notifications import InformationShared, SharingBlocked
from shared.events import DomainEvent
from shared.runtime import ServiceRuntime
from shared.sharing import InformationKind, OverrideGround, Purpose


async def request_disclosure(
    runtime: ServiceRuntime,
    *,
    enquiry_id: UUID,
    disclosure_id: UUID,
    actor: Actor,
    recipient_agency_id: str,
    purpose: Purpose,
    kinds: frozenset[InformationKind],
    correlation_id: str,
) -> domain.Disclosure:
    """Raises `SharingRefused` (403) after recording the block, when the policy refuses."""
    lead = await lead_of(runtime, enquiry_id, agency_id=actor.agency_id)
    events = domain.request_disclosure(
        disclosure_id=disclosure_id,
        enquiry_id=enquiry_id,
        lead_agency_id=lead.agency_id,
        actor=actor,
        recipient_agency_id=recipient_agency_id,
        purpose=purpose,
        kinds=kinds,
        ledger=await ledger_of(runtime, enquiry_id),
        now=runtime.clock.now(),
    )
    await runtime.store.append(
        domain.stream_of(disclosure_id), 0, events, actor=actor, correlation_id=correlation_id
    )
    _refuse_if_blocked(events, disclosure_id)
    return await deliver_disclosure(
        runtime, disclosure_id=disclosure_id, actor=actor, correlation_id=correlation_id
    )


async def request_override(
    runtime: ServiceRuntime,
    *,
    disclosure_id: UUID,
    actor: Actor,
    override_id: UUID,
    ground: OverrideGround,
    narrative: str,
    person_told: str | None,
    why_not_told: str | None,
    correlation_id: str,
) -> domain.Disclosure:
    state = await load_disclosure(runtime, disclosure_id, agency_id=actor.agency_id)
    events = domain.request_override(
        state,
        actor=actor,
        override_id=override_id,
        ground=ground,
        narrative=narrative,
        person_told=person_told,
        why_not_told=why_not_told,
        now=runtime.clock.now(),
    )
    return await _append(runtime, state, events, actor, correlation_id)


async def approve_override(
    runtime: ServiceRuntime, *, disclosure_id: UUID, actor: Actor, correlation_id: str
) -> domain.Disclosure:
    state = await load_disclosure(runtime, disclosure_id, agency_id=actor.agency_id)
    events = domain.approve_override(state, actor=actor, now=runtime.clock.now())
    return await _append(runtime, state, events, actor, correlation_id)


async def deliver_disclosure(
    runtime: ServiceRuntime, *, disclosure_id: UUID, actor: Actor, correlation_id: str
) -> domain.Disclosure:
    """Raises `SharingRefused` (403) after recording the block, when the policy now refuses."""
    state = await load_disclosure(runtime, disclosure_id, agency_id=actor.agency_id)
    case = await case_file_of(runtime, state.enquiry_id)
    now = runtime.clock.now()
    events: list[DomainEvent] = domain.deliver(
        state,
        actor=actor,
        ledger=await ledger_of(runtime, state.enquiry_id),
        content_of=content_from(case),
        now=now,
    )
    shared = events[0]
    if isinstance(shared, InformationShared) and not _risky_to_tell(state):
        practitioner = await lead_practitioner_of(runtime, state.enquiry_id)
        prefs, addresses = await reach_of(runtime, state.enquiry_id, case)
        ground = state.approved.ground if state.approved and shared.basis == "override" else None
        events.append(
            tell_person(
                shared,
                route_for_person(prefs, addresses),
                lead_practitioner_id=practitioner or state.requested_by,
                ground=ground,
                now=now,
            )
        )
    after = await _append(runtime, state, events, actor, correlation_id)
    _refuse_if_blocked(events, disclosure_id)
    return after


def _risky_to_tell(state: domain.Disclosure) -> bool:
    """An override approved on the record that telling the person would put them at more risk."""
    return state.approved is not None and bool(state.approved.why_not_told)


async def _append(
    runtime: ServiceRuntime,
    state: domain.Disclosure,
    events: list[DomainEvent],
    actor: Actor,
    correlation_id: str,
) -> domain.Disclosure:
    await runtime.store.append(
        domain.stream_of(state.disclosure_id),
        state.version,
        events,
        actor=actor,
        correlation_id=correlation_id,
    )
    return await load_disclosure(runtime, state.disclosure_id, agency_id=state.lead_agency_id)


def _refuse_if_blocked(events: list[DomainEvent], disclosure_id: UUID) -> None:
    for event in events:
        if isinstance(event, SharingBlocked):
            raise SharingRefused(event.reason, disclosure_id=str(disclosure_id))
