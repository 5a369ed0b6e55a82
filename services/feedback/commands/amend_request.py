"""Use case: a practitioner changes whom a request asks, or how."""

from __future__ import annotations

from uuid import UUID

from services.feedback import queries
from services.feedback.commands import enquiry_stream
from services.feedback.domain import decisions
from shared.auth import Actor
from shared.contracts.feedback import Addressee, WayToAsk
from shared.events import EventEnvelope
from shared.runtime import ServiceRuntime


async def amend_request(
    runtime: ServiceRuntime,
    *,
    request_id: UUID,
    addressee: Addressee,
    way_to_ask: WayToAsk | None,
    easy_read: bool,
    actor: Actor,
    correlation_id: str,
) -> list[EventEnvelope]:
    row = await queries.request_of_agency(runtime.db, request_id, actor.agency_id)
    enquiry_id = row["enquiry_id"]
    state = await enquiry_stream.load(runtime, enquiry_id)
    events = decisions.amend_request(
        state,
        enquiry_id=enquiry_id,
        request_id=request_id,
        addressee=addressee,
        way_to_ask=way_to_ask,
        easy_read=easy_read,
        now=runtime.clock.now(),
    )
    return await enquiry_stream.append(
        runtime, enquiry_id, state, events, actor=actor, correlation_id=correlation_id
    )
