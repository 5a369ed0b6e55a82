"""(g) Two relays of one service running at once put no duplicate on the stream."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from services.intake import domain
from services.intake.app import DEFINITION as INTAKE
from shared.eventstore.database import Database
from shared.eventstore.store import EventStore
from shared.messaging.relay import OutboxRelay
from shared.settings import Settings
from tests.reliability.helpers import stream_envelopes, wait_until_relayed
from tests.support import a_correlation_id, an_actor, migrate

pytestmark = pytest.mark.reliability
EVENTS = 2_000


async def test_two_relays_racing_publish_every_event_exactly_once_in_position_order(
    settings: Settings, redis: Redis
) -> None:
    await migrate(INTAKE, settings)
    url = settings.database_url_for("intake")
    databases = [Database(url), Database(url)]  # as two replicas of intake would have
    stores = [EventStore(db, service="intake", registry=INTAKE.registry) for db in databases]
    relays = [OutboxRelay(store, redis, batch_size=50, poll_ms=5) for store in stores]
    relaying = [asyncio.create_task(relay.run()) for relay in relays]

    async def append(index: int) -> None:
        enquiry_id = uuid.uuid4()
        events = domain.open_enquiry(enquiry_id=enquiry_id, actor=an_actor(), now=datetime.now(UTC))
        await stores[index % 2].append(
            str(enquiry_id), 0, events, actor=an_actor(), correlation_id=a_correlation_id()
        )

    await asyncio.gather(*(append(i) for i in range(EVENTS)))
    await wait_until_relayed(redis, EVENTS)
    await asyncio.sleep(0.5)  # a duplicate from the slower relay would land now
    for task in relaying:
        task.cancel()
    await asyncio.gather(*relaying, return_exceptions=True)
    published = await stream_envelopes(redis, "msp.intake.events")

    assert len(published) == EVENTS
    assert [e.position for e in published] == list(range(1, EVENTS + 1))
    assert len({e.event_id for e in published}) == EVENTS
    for store, db in zip(stores, databases, strict=True):
        await store.close()
        await db.dispose()
