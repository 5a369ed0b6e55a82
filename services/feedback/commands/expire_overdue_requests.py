"""Expire open requests whose due date has passed: `FeedbackRequestExpired`, once each."""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

import structlog
from sqlalchemy import select

from services.feedback.commands import enquiry_stream
from services.feedback.domain import decisions
from services.feedback.domain.state import Status
from services.feedback.tables import feedback_requests
from shared.auth import SYSTEM_ACTOR
from shared.eventstore.errors import ConcurrencyError
from shared.messaging.errors import describe
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)
R = feedback_requests.c


async def expire_overdue_requests(runtime: ServiceRuntime, *, limit: int = 200) -> int:
    now = runtime.clock.now()
    overdue = (
        select(R.request_id, R.enquiry_id)
        .where(R.status == Status.OPEN.value, R.due_at <= now)
        .order_by(R.due_at)
        .limit(limit)
    )
    async with runtime.db.read() as conn:
        rows = (await conn.execute(overdue)).all()
    expired = 0
    for request_id, enquiry_id in rows:
        try:
            expired += await _expire(runtime, enquiry_id, request_id, now)
        except Exception as error:
            # One request that cannot be expired must not hold back the others.
            log.error("feedback.expiry_failed", enquiry_id=str(enquiry_id), error=describe(error))
    return expired


async def _expire(
    runtime: ServiceRuntime, enquiry_id: UUID, request_id: UUID, now: datetime
) -> int:
    state = await enquiry_stream.load(runtime, enquiry_id)
    events = decisions.expire(state, enquiry_id=enquiry_id, request_id=request_id, now=now)
    try:
        await enquiry_stream.append(
            runtime,
            enquiry_id,
            state,
            events,
            actor=SYSTEM_ACTOR,
            correlation_id=str(uuid.uuid4()),
        )
    except ConcurrencyError:
        log.info("feedback.expiry_raced", enquiry_id=str(enquiry_id))
        return 0  # a command or another replica changed it first: the next round decides again
    return len(events)
