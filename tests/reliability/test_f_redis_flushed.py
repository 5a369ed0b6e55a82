"""(f) Redis flushed mid-run: the services recover without a manual step, the relay refills the
streams from SQL, consumers skip what they already applied, nothing is lost."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from services.intake.app import DEFINITION as INTAKE
from services.outcomes.app import DEFINITION as OUTCOMES
from shared.settings import Settings
from tests.reliability.helpers import directory_count, directory_ids, inbox_count, open_enquiries
from tests.support import eventually, running

pytestmark = pytest.mark.reliability
EVENTS = 1_000


async def test_after_redis_loses_everything_the_streams_are_refilled_and_nothing_is_lost_or_doubled(
    settings: Settings, redis: Redis
) -> None:
    async with running(INTAKE, settings) as intake, running(OUTCOMES, settings) as outcomes:
        appending = asyncio.create_task(open_enquiries(intake, EVENTS, concurrency=5))

        async def part_way() -> bool:
            return await directory_count(outcomes.db) >= EVENTS // 4

        await eventually(part_way, what="a quarter applied before the flush")
        await redis.flushdb()
        opened = await appending

        async def recovered() -> bool:
            return (
                await directory_count(outcomes.db) >= EVENTS
                and await redis.xlen("msp.intake.events") >= EVENTS
            )

        await eventually(recovered, within=120, what="every event applied and the stream refilled")

        assert sorted(await directory_ids(outcomes.db)) == sorted(opened)
        assert await inbox_count(outcomes.db, "outcomes.enquiries") == EVENTS
        assert int(await redis.get("msp.intake.relay.checkpoint") or 0) == EVENTS
