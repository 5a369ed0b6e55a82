"""Process manager: every closure received from intake gets one decision (asked, or not and why).

The consumer keeps closures in `enquiry_closures` (exactly once, through its inbox); this use
case decides for those with no decision yet. Deciding twice is harmless: the decision is keyed
by the closure's event id in the enquiry's own stream, and two replicas racing meet the event
store's optimistic concurrency, so one of them appends and the other finds it decided.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy import select

from services.feedback.commands import enquiry_stream
from services.feedback.domain.decisions import Closure, when_enquiry_closed
from services.feedback.tables import closure_decisions, enquiry_closures
from shared.auth import SYSTEM_ACTOR
from shared.eventstore.errors import ConcurrencyError
from shared.messaging.errors import describe
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)
C = enquiry_closures.c


async def request_feedback_for_new_closures(
    runtime: ServiceRuntime, *, due_within: timedelta, limit: int = 200
) -> int:
    """Decide for up to `limit` undecided closures, oldest first; the number decided now."""
    undecided = (
        select(enquiry_closures)
        .outerjoin(closure_decisions, closure_decisions.c.closure_event_id == C.closure_event_id)
        .where(closure_decisions.c.closure_event_id.is_(None))
        .order_by(C.source_position)
        .limit(limit)
    )
    async with runtime.db.read() as conn:
        rows = (await conn.execute(undecided)).mappings().all()
    decided = 0
    for row in rows:
        try:
            decided += await _decide(runtime, row, due_within)
        except Exception as error:
            # One closure that cannot be decided must not hold back the others behind it.
            log.error(
                "feedback.closure_failed", enquiry_id=str(row["enquiry_id"]), error=describe(error)
            )
    return decided


async def _decide(runtime: ServiceRuntime, row: Any, due_within: timedelta) -> int:
    """1 if this closure was decided now, 0 if it already was (or another replica won)."""
    closure = Closure(
        closure_event_id=row["closure_event_id"],
        enquiry_id=row["enquiry_id"],
        lead_agency_id=row["lead_agency_id"],
        lead_practitioner_id=row["lead_practitioner_id"],
        closed_at=row["closed_at"],
    )
    state = await enquiry_stream.load(runtime, closure.enquiry_id)
    events = when_enquiry_closed(state, closure, now=runtime.clock.now(), due_within=due_within)
    try:
        await enquiry_stream.append(
            runtime,
            closure.enquiry_id,
            state,
            events,
            actor=SYSTEM_ACTOR,
            correlation_id=row["correlation_id"],
            causation_id=str(closure.closure_event_id),
        )
    except ConcurrencyError:
        log.info("feedback.closure_raced", enquiry_id=str(closure.enquiry_id))
        return 0  # another replica or command got there first: the next round sees it
    return 1 if events else 0
