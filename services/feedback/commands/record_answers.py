"""Use case: answers are recorded, by a practitioner from a conversation or through a link.

Anonymous answers go to a stream of their own (`anonymous-<id>`), carrying only the agency and
the month; the enquiry's stream records only that this respondent answered. The enquiry's append
comes first, so a link can never be used twice.
"""

from __future__ import annotations

import uuid

from services.feedback.commands import enquiry_stream
from services.feedback.domain import decisions
from services.feedback.domain.decisions import Answering
from shared.auth import SYSTEM_ACTOR, Actor
from shared.runtime import ServiceRuntime


async def record_answers(
    runtime: ServiceRuntime, answering: Answering, *, actor: Actor, correlation_id: str
) -> None:
    state = await enquiry_stream.load(runtime, answering.enquiry_id)
    anonymous_id = uuid.uuid4()
    events, kept_apart = decisions.record_answers(
        state, answering, now=runtime.clock.now(), anonymous_id=anonymous_id
    )
    await enquiry_stream.append(
        runtime, answering.enquiry_id, state, events, actor=actor, correlation_id=correlation_id
    )
    if kept_apart is not None:
        # Its own correlation id and no actor: nothing in its envelope points at the enquiry.
        await runtime.store.append(
            f"anonymous-{anonymous_id}",
            0,
            [kept_apart],
            actor=SYSTEM_ACTOR,
            correlation_id=str(uuid.uuid4()),
        )
