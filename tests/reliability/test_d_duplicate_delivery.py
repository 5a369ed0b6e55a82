"""(d) The same event delivered twice is applied once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from services.intake import domain
from services.intake.app import DEFINITION as INTAKE
from services.outcomes.app import DEFINITION as OUTCOMES
from shared.eventstore.database import Database
from shared.eventstore.store import EventStore
from shared.settings import Settings
from tests.reliability.helpers import (
    directory_ids,
    inbox_count,
    open_enquiries,
    wait_until_drained,
    wait_until_relayed,
)
from tests.support import a_correlation_id, an_actor, migrate, running

pytestmark = pytest.mark.reliability
STREAM, GROUP = "msp.intake.events", "outcomes.enquiries"


async def test_an_event_put_on_the_stream_twice_is_applied_once(
    settings: Settings, redis: Redis
) -> None:
    async with running(INTAKE, settings) as intake:
        opened = await open_enquiries(intake, 10)
        await wait_until_relayed(redis, 10)
    entries: list[tuple[bytes, dict[bytes, bytes]]] = await redis.xrange(STREAM)  # type: ignore[assignment]
    for _entry_id, fields in entries[:5]:
        await redis.xadd(STREAM, fields)  # type: ignore[arg-type]

    async with running(OUTCOMES, settings) as outcomes:
        await wait_until_drained(redis, STREAM, GROUP)
        assert sorted(await directory_ids(outcomes.db)) == sorted(opened)
        assert await inbox_count(outcomes.db, GROUP) == 10


async def test_an_event_applied_again_in_a_later_batch_or_twice_in_one_is_applied_once(
    settings: Settings,
) -> None:
    await migrate(INTAKE, settings)
    await migrate(OUTCOMES, settings)
    intake_db = Database(settings.database_url_for("intake"))
    store = EventStore(intake_db, service="intake", registry=INTAKE.registry)
    enquiry_id = uuid.uuid4()
    (envelope,) = await store.append(
        str(enquiry_id),
        0,
        domain.open_enquiry(enquiry_id=enquiry_id, actor=an_actor(), now=datetime.now(UTC)),
        actor=an_actor(),
        correlation_id=a_correlation_id(),
    )
    await store.close()
    await intake_db.dispose()
    async with running(OUTCOMES, settings) as outcomes:
        applier = outcomes.applier_for(OUTCOMES.subscriptions[0])

        assert await applier.apply([envelope, envelope]) == 1
        assert await applier.apply([envelope]) == 0
        assert await directory_ids(outcomes.db) == [enquiry_id]
