"""Graceful shutdown: a consumer stopped with SIGTERM mid-stream finishes what it holds, says so,
and after its restart every event is applied exactly once."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.intake.app import DEFINITION as INTAKE
from shared.eventstore.database import Database
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.processes import ServiceProcess
from tests.reliability.helpers import directory_ids, inbox_count, interrupt_consumer_mid_stream
from tests.support import migrate

pytestmark = pytest.mark.reliability
EVENTS = 2_000


async def test_a_consumer_stopped_with_sigterm_resumes_without_loss_or_double_apply(
    settings: Settings, redis: Redis, tmp_path: Path
) -> None:
    run = await interrupt_consumer_mid_stream(
        settings, redis, tmp_path, events=EVENTS, interrupt=ServiceProcess.stop
    )

    assert "service.stopped" in (tmp_path / "outcomes.log").read_text()
    assert run.pending_after == 0, "a graceful stop acknowledges what it applied"
    outcomes_db = Database(settings.database_url_for("outcomes"))
    assert sorted(await directory_ids(outcomes_db)) == sorted(run.opened)
    assert await inbox_count(outcomes_db, "outcomes.enquiries") == EVENTS
    await outcomes_db.dispose()


async def test_a_task_that_ignores_its_cancellation_does_not_keep_the_service_running(
    settings: Settings,
) -> None:
    """What Python 3.11's `wait_for` once did to the relay: the cancellation is swallowed and
    the loop goes on. Stopping gives up on such a task after the graceful timeout (2 s here)."""
    swallowed, released = 0, False

    async def stubborn(_runtime: ServiceRuntime) -> None:
        nonlocal swallowed
        while not released:  # released by the test at the end, or the event loop never closes
            try:
                await asyncio.sleep(0.05)
            except asyncio.CancelledError:
                swallowed += 1

    definition = dataclasses.replace(INTAKE, background=(*INTAKE.background, stubborn))
    await migrate(definition, settings)
    runtime = ServiceRuntime(definition, settings)
    await runtime.start()
    await asyncio.sleep(0.2)  # the task is running
    async with asyncio.timeout(60):  # a deadline for correctness: without the bound it hangs
        await runtime.stop()
    released = True

    assert swallowed >= 1, "the task was asked to stop"
