"""(c) A consumer process killed with SIGKILL part-way through 5,000 events: after its restart and
the reclaim of what it left pending, its projection holds every event exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.intake.app import DEFINITION as INTAKE
from shared.eventstore.database import Database
from shared.messaging.consumer import ensure_group
from shared.settings import Settings
from tests.processes import ServiceProcess, service_process
from tests.reliability.helpers import (
    directory_count,
    directory_ids,
    inbox_count,
    interrupt_consumer_mid_stream,
    open_enquiries,
)
from tests.support import eventually, running

pytestmark = pytest.mark.reliability
EVENTS = 5_000
STREAM, GROUP = "msp.intake.events", "outcomes.enquiries"


async def test_a_consumer_killed_mid_stream_ends_with_every_event_exactly_once(
    settings: Settings, redis: Redis, tmp_path: Path
) -> None:
    run = await interrupt_consumer_mid_stream(
        settings, redis, tmp_path, events=EVENTS, interrupt=ServiceProcess.kill
    )

    assert run.applied_before < EVENTS, "the kill came too late to prove anything"
    outcomes_db = Database(settings.database_url_for("outcomes"))
    assert sorted(await directory_ids(outcomes_db)) == sorted(run.opened)
    assert await inbox_count(outcomes_db, GROUP) == EVENTS
    assert (await redis.xpending(STREAM, GROUP))["pending"] == 0, (
        f"{run.pending_after} left pending"
    )
    await outcomes_db.dispose()


async def test_what_a_crashed_consumer_left_pending_is_reclaimed_and_applied(
    settings: Settings, redis: Redis, tmp_path: Path
) -> None:
    async with running(INTAKE, settings) as intake:
        opened = await open_enquiries(intake, 300)

        async def relayed() -> bool:
            return await redis.xlen(STREAM) == 300

        await eventually(relayed, what="all on the stream")
    # The live consumer's name reads 120 entries and "crashes": they stay in its pending list.
    await ensure_group(redis, STREAM, GROUP)
    await redis.xreadgroup(GROUP, "outcomes-1", {STREAM: ">"}, count=120)
    assert (await redis.xpending(STREAM, GROUP))["pending"] == 120

    async with service_process("outcomes", settings, tmp_path):
        outcomes_db = Database(settings.database_url_for("outcomes"))

        async def all_applied() -> bool:
            return (
                await directory_count(outcomes_db) == 300
                and (await redis.xpending(STREAM, GROUP))["pending"] == 0
            )

        await eventually(all_applied, what="the 120 reclaimed and the rest read")

    assert sorted(await directory_ids(outcomes_db)) == sorted(opened)
    await outcomes_db.dispose()
