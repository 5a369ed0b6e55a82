"""Use case behind every change to an open enquiry: load, check scope and version, decide, append.

The enquiry is folded from its events (the store is the truth, not the read model). Another
agency's enquiry is not found; a stale `expected_version` is a 409 before any rule is judged.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from uuid import UUID

from services.intake.domain.state import EnquiryState, fold
from shared.auth import Actor
from shared.events import DomainEvent, EventEnvelope
from shared.eventstore.errors import ConcurrencyError
from shared.http.errors import NotFound
from shared.runtime import ServiceRuntime

Decide = Callable[[EnquiryState], list[DomainEvent]]


class Acting(Enum):
    AS_LEAD = "the lead agency"
    AS_TRANSFER_TARGET = "the agency asked to take the lead"


async def load_enquiry(runtime: ServiceRuntime, enquiry_id: UUID) -> EnquiryState | None:
    envelopes = await runtime.store.load(str(enquiry_id))
    return fold(runtime.definition.registry.decode(e) for e in envelopes)


def may_act(state: EnquiryState, actor: Actor, acting: Acting) -> bool:
    if acting is Acting.AS_TRANSFER_TARGET:
        pending = state.pending_transfer
        return pending is not None and pending.to_agency_id == actor.agency_id
    return state.lead_agency_id == actor.agency_id


async def change_enquiry(
    runtime: ServiceRuntime,
    *,
    enquiry_id: UUID,
    expected_version: int,
    actor: Actor,
    correlation_id: str,
    decide: Decide,
    acting: Acting = Acting.AS_LEAD,
) -> list[EventEnvelope]:
    state = await load_enquiry(runtime, enquiry_id)
    if state is None or not may_act(state, actor, acting):
        raise NotFound
    if state.version != expected_version:
        raise ConcurrencyError(str(enquiry_id), expected_version, state.version)
    return await runtime.store.append(
        str(enquiry_id), expected_version, decide(state), actor=actor, correlation_id=correlation_id
    )
