"""Graceful shutdown: a consumer stopped with SIGTERM mid-stream finishes what it holds, says so,
and after its restart every event is applied exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.intake.app import DEFINITION as INTAKE
from shared.eventstore.database import Database
from shared.settings import Settings
from tests.processes import ServiceProcess
from tests.reliability.helpers import directory_count, directory_ids, inbox_count, open_enquiries
from tests.support import eventually, running

pytestmark = pytest.mark.reliability
EVENTS = 2_000


async def test_a_consumer_stopped_with_sigterm_resumes_without_loss_or_double_apply(
    settings: Settings, redis: Redis, tmp_path: Path
) -> None:
    outcomes = ServiceProcess("outcomes", settings, tmp_path)
    await outcomes.start()
    outcomes_db = Database(settings.database_url_for("outcomes"))
    try:
        async with running(INTAKE, settings) as intake:
            opened = await open_enquiries(intake, EVENTS)

            async def part_way() -> bool:
                return await directory_count(outcomes_db) >= EVENTS // 5

            await eventually(part_way, what="part-way through")
            await outcomes.stop()
            assert "service.stopped" in (tmp_path / "outcomes.log").read_text()
            assert (await redis.xpending("msp.intake.events", "outcomes.enquiries"))["pending"] == 0
            await outcomes.start()

            async def all_applied() -> bool:
                return await directory_count(outcomes_db) >= EVENTS

            await eventually(all_applied, what="every event applied after the restart")
    finally:
        await outcomes.stop()

    assert sorted(await directory_ids(outcomes_db)) == sorted(opened)
    assert await inbox_count(outcomes_db, "outcomes.enquiries") == EVENTS
    await outcomes_db.dispose()
