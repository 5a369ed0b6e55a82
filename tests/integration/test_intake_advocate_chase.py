"""`intake.AdvocateStillNeeded`: published once per unmet need, with two replicas sweeping and
across a restart, timed by an injected clock (no sleeping on days)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select

from services.intake.app import DEFINITION as INTAKE
from services.intake.commands.change_enquiry import change_enquiry
from services.intake.commands.chase_advocates import chase_due_advocates
from services.intake.commands.open_enquiry import open_enquiry
from services.intake.domain.advocacy import identify_need
from services.intake.domain.state import EnquiryState
from shared.clock import FixedClock
from shared.contracts.intake import AdvocateStillNeeded
from shared.events import DomainEvent
from shared.eventstore.schema import events
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.intake_builders import PRACTITIONER
from tests.reliability.helpers import stream_envelopes
from tests.support import a_correlation_id, eventually, migrate

pytestmark = pytest.mark.integration
FIVE_DAYS = timedelta(days=5)


@asynccontextmanager
async def replica(
    settings: Settings, name: str, clock: FixedClock
) -> AsyncIterator[ServiceRuntime]:
    runtime = ServiceRuntime(
        INTAKE,
        settings.model_copy(update={"replica": name, "advocate_sweep_interval_s": 0.05}),
        clock=clock,
    )
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def an_enquiry_needing_an_advocate(runtime: ServiceRuntime) -> uuid.UUID:
    enquiry_id = uuid.uuid4()
    await open_enquiry(
        runtime, enquiry_id=enquiry_id, actor=PRACTITIONER, correlation_id=a_correlation_id()
    )

    def need(state: EnquiryState) -> list[DomainEvent]:
        return identify_need(
            state,
            actor=PRACTITIONER,
            now=runtime.clock.now(),
            need_id=uuid.uuid4(),
            substantial_difficulty=True,
            appropriate_person_available=False,
            family_or_friend_to_consult=False,
        )

    await change_enquiry(
        runtime,
        enquiry_id=enquiry_id,
        expected_version=1,
        actor=PRACTITIONER,
        correlation_id=a_correlation_id(),
        decide=need,
    )
    return enquiry_id


async def chases(runtime: ServiceRuntime) -> int:
    query = (
        select(func.count())
        .select_from(events)
        .where(events.c.event_type == AdvocateStillNeeded.event_type)
    )
    async with runtime.db.read() as conn:
        return int(await conn.scalar(query) or 0)


async def test_an_unmet_need_is_chased_once_by_two_replicas_and_after_a_restart(
    settings: Settings, redis: Redis
) -> None:
    clock = FixedClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    await migrate(INTAKE, settings)
    async with replica(settings, "a", clock) as one, replica(settings, "b", clock) as two:
        enquiry_id = await an_enquiry_needing_an_advocate(one)
        clock.advance(FIVE_DAYS - timedelta(minutes=1))
        too_early = await chase_due_advocates(one, after=FIVE_DAYS)
        clock.advance(timedelta(minutes=1))

        async def chased() -> bool:
            return await chases(one) == 1

        await eventually(chased, what="a replica's sweeper chased the need")
        # Both replicas sweep together again: neither publishes a second time.
        again = await asyncio.gather(
            *(chase_due_advocates(r, after=FIVE_DAYS) for r in (one, two, one, two))
        )

        async def relayed() -> bool:
            published = await stream_envelopes(redis, "msp.intake.events")
            return any(e.event_type == AdvocateStillNeeded.event_type for e in published)

        await eventually(relayed, what="the chase reached msp.intake.events")
    async with replica(settings, "a", clock) as restarted:
        clock.advance(timedelta(days=3))
        after_restart = await chase_due_advocates(restarted, after=FIVE_DAYS)
        total = await chases(restarted)
        (chase,) = [
            e
            for e in await restarted.store.load(str(enquiry_id))
            if e.event_type == AdvocateStillNeeded.event_type
        ]

    assert too_early == 0
    assert sum(again) == 0
    assert after_restart == 0
    assert total == 1
    assert chase.payload["days_waiting"] == 5
    assert chase.actor.role.value == "system"
