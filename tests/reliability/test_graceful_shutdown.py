"""Graceful shutdown: a consumer stopped with SIGTERM mid-stream finishes what it holds, says so,
and after its restart every event is applied exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.eventstore.database import Database
from shared.settings import Settings
from tests.processes import ServiceProcess
from tests.reliability.helpers import directory_ids, inbox_count, interrupt_consumer_mid_stream

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
