"""The outbox relay stops when cancelled, even as a commit wakes it in the same turn of the event
loop: `ServiceRuntime.stop` waits for it, so a lost cancellation hangs a service's shutdown (it
hung the outcomes sweeper's property test). Python 3.11's `asyncio.wait_for` lost exactly this
one."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from services.intake.app import DEFINITION as INTAKE
from shared.eventstore.database import Database
from shared.eventstore.store import EventStore
from shared.messaging.relay import OutboxRelay
from shared.settings import Settings
from tests.support import eventually, migrate

pytestmark = pytest.mark.reliability


async def test_a_relay_woken_and_cancelled_in_the_same_turn_stops(
    settings: Settings, redis: Redis
) -> None:
    await migrate(INTAKE, settings)
    db = Database(settings.database_url_for("intake"))
    store = EventStore(db, service="intake", registry=INTAKE.registry)
    relay = OutboxRelay(store, redis, poll_ms=60_000)  # idle: only a wake-up moves it
    try:
        for _ in range(20):
            task = asyncio.create_task(relay.run())
            await asyncio.sleep(0.05)  # relayed nothing, now waiting to be woken
            relay._remember([])  # what a commit does
            task.cancel()

            async def stopped(task: asyncio.Task[None] = task) -> bool:
                return task.done()

            await eventually(stopped, within=10, what="the relay stopped")
            assert task.cancelled()
    finally:
        await store.close()
        await db.dispose()
