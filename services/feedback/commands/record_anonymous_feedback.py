"""Use case: anonymous answers handed in without any request (a paper form, a drop-in)."""

from __future__ import annotations

import uuid

from shared.auth import Actor
from shared.contracts.feedback import (
    AnonymousFeedbackReceived,
    Answers,
    Channel,
    Respondent,
)
from shared.runtime import ServiceRuntime


async def record_anonymous_feedback(
    runtime: ServiceRuntime,
    *,
    respondent: Respondent,
    answers: Answers,
    easy_read: bool,
    actor: Actor,
    correlation_id: str,
) -> uuid.UUID:
    feedback_id = uuid.uuid4()
    event = AnonymousFeedbackReceived(
        feedback_id=feedback_id,
        agency_id=actor.agency_id,
        period=runtime.clock.now().strftime("%Y-%m"),
        respondent=respondent,
        channel=Channel.CONVERSATION,
        easy_read=easy_read,
        answers=answers,
    )
    await runtime.store.append(
        f"anonymous-{feedback_id}", 0, [event], actor=actor, correlation_id=correlation_id
    )
    return feedback_id
