"""(b) 20 concurrent writers append 5,000 events: the relay publishes each exactly once, in version
order per aggregate, skipping no position."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict

import pytest
from pydantic import Field
from redis.asyncio import Redis

from services.intake.app import DEFINITION as INTAKE
from shared.events import DomainEvent, EventRegistry
from shared.eventstore.database import Database
from shared.eventstore.store import EventStore
from shared.messaging.relay import OutboxRelay
from shared.settings import Settings
from tests.reliability.helpers import stream_envelopes
from tests.support import a_correlation_id, an_actor, eventually, migrate

pytestmark = pytest.mark.reliability
WRITERS = 20
EVENTS_PER_WRITER = 250  # 20 x 250 = 5,000
STREAMS_PER_WRITER = 5


class Counted(DomainEvent):
    event_type = "intake.TestCounted"

    n: int = Field(description="the writer's running count")


async def test_twenty_writers_five_thousand_events_each_published_once_in_order(
    settings: Settings, redis: Redis
) -> None:
    await migrate(INTAKE, settings)
    url = settings.database_url_for("intake")
    databases = [Database(url, pool_size=2) for _ in range(WRITERS)]
    stores = [
        EventStore(db, service="intake", registry=EventRegistry([Counted])) for db in databases
    ]
    relay = OutboxRelay(stores[0], redis, batch_size=200, poll_ms=20)
    relaying = asyncio.create_task(relay.run())

    async def writer(store: EventStore) -> None:
        streams = [str(uuid.uuid4()) for _ in range(STREAMS_PER_WRITER)]
        versions = dict.fromkeys(streams, 0)
        for n in range(EVENTS_PER_WRITER):
            stream = streams[n % STREAMS_PER_WRITER]
            await store.append(
                stream,
                versions[stream],
                [Counted(n=n)],
                actor=an_actor(),
                correlation_id=a_correlation_id(),
            )
            versions[stream] += 1

    await asyncio.gather(*(writer(s) for s in stores))
    total = WRITERS * EVENTS_PER_WRITER

    async def all_relayed() -> bool:
        return await redis.xlen("msp.intake.events") >= total

    await eventually(all_relayed, what="every event on the stream")
    await asyncio.sleep(0.3)  # anything published twice would arrive now
    relaying.cancel()
    published = await stream_envelopes(redis, "msp.intake.events")

    assert len(published) == total
    assert len({e.event_id for e in published}) == total
    assert [e.position for e in published] == list(range(1, total + 1))
    versions_seen: dict[str, list[int]] = defaultdict(list)
    for envelope in published:
        versions_seen[envelope.stream_id].append(envelope.version)
    assert all(v == list(range(1, len(v) + 1)) for v in versions_seen.values())
    for store, db in zip(stores, databases, strict=True):
        await store.close()
        await db.dispose()
