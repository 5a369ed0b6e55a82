"""Background work: publish `intake.AdvocateStillNeeded` once per advocacy need left unmet for
the configured number of days.

Once, even with two replicas and across restarts: the event is appended to the enquiry's stream
at the version the sweep read, and the folded state remembers the chase. A second replica's
append at the same version is a ConcurrencyError, which is the other replica having done it (or
a practitioner changing the record: the next sweep decides again).
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import structlog
from sqlalchemy import select

from services.intake.commands.change_enquiry import load_enquiry
from services.intake.domain.advocacy import still_needed
from services.intake.tables import enquiries
from shared.auth import SYSTEM_ACTOR
from shared.eventstore.errors import ConcurrencyError
from shared.messaging.errors import describe
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)


async def chase_due_advocates(runtime: ServiceRuntime, *, after: timedelta) -> int:
    """One sweep; how many chases this replica published."""
    now = runtime.clock.now()
    query = select(enquiries.c.enquiry_id).where(
        enquiries.c.advocate_needed_since <= now - after,
        enquiries.c.advocate_chased.is_(False),
        enquiries.c.status != "closed",
    )
    async with runtime.db.read() as conn:
        due = list((await conn.execute(query)).scalars())
    published = 0
    for enquiry_id in due:
        state = await load_enquiry(runtime, enquiry_id)
        events = still_needed(state, now=now, after=after) if state else []
        if state is None or not events:
            continue
        try:
            await runtime.store.append(
                str(enquiry_id),
                state.version,
                events,
                actor=SYSTEM_ACTOR,
                correlation_id=str(uuid.uuid4()),
            )
        except ConcurrencyError:
            continue
        published += 1
        log.info("intake.advocate_still_needed", enquiry_id=str(enquiry_id))
    return published


async def chase_advocates_forever(runtime: ServiceRuntime) -> None:
    """`ServiceDefinition.background` task: sweep, survive errors, sleep, again."""
    settings = runtime.settings
    while True:
        try:
            await chase_due_advocates(runtime, after=timedelta(days=settings.advocate_chase_days))
        except Exception as error:
            log.warning("intake.advocate_sweep_failed", error=describe(error))
        await asyncio.sleep(settings.advocate_sweep_interval_s)
