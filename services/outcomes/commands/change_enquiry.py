"""Use case: change an enquiry's outcomes. Load its events, check the version the caller saw,
let a pure decision return the new events, and append them at that version."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from services.outcomes.commands.enquiry_access import lead_for
from services.outcomes.commands.new_ids import NewId, used_elsewhere
from services.outcomes.domain.context import Context
from services.outcomes.domain.state import EnquiryOutcomes, fold
from shared.auth import Actor
from shared.events import DomainEvent, EventEnvelope
from shared.eventstore.errors import ConcurrencyError
from shared.runtime import ServiceRuntime

Decision = Callable[[EnquiryOutcomes, Context], list[DomainEvent]]


async def load_state(runtime: ServiceRuntime, enquiry_id: UUID) -> EnquiryOutcomes:
    envelopes = await runtime.store.load(str(enquiry_id))
    return fold(enquiry_id, (runtime.definition.registry.decode(e) for e in envelopes))


async def change_enquiry(
    runtime: ServiceRuntime,
    *,
    enquiry_id: UUID,
    expected_version: int,
    actor: Actor,
    correlation_id: str,
    decide: Decision,
    new_id: NewId | None = None,
) -> list[EventEnvelope]:
    """Raises NotFound outside the actor's agency, ConcurrencyError (409) when the enquiry moved
    on since `expected_version`, and a DomainRuleBroken (422) when a rule says no. `new_id`: the
    client-chosen id the command creates, looked up so that the decision can refuse a clash."""
    lead = await lead_for(runtime.db, enquiry_id, actor)
    elsewhere = await used_elsewhere(runtime.db, enquiry_id, new_id) if new_id else frozenset()
    state = await load_state(runtime, enquiry_id)
    if state.version != expected_version:
        raise ConcurrencyError(str(enquiry_id), expected_version, state.version)
    context = Context(
        now=runtime.clock.now(),
        lead_agency_id=lead.agency_id,
        closed=lead.closed,
        review_interval_days=runtime.settings.outcomes_review_interval_days,
        ids_used_elsewhere=elsewhere,
    )
    events = decide(state, context)
    # Appended at the version decided on: a change that slipped in meanwhile is a 409 too.
    return await runtime.store.append(
        str(enquiry_id), state.version, events, actor=actor, correlation_id=correlation_id
    )
