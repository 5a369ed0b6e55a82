"""(e) A poison event is dead-lettered with its error after N attempts while the events behind it
are applied; `msp dlq list` shows it; once the cause is fixed, `msp dlq retry` applies it once."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection

from services.intake.app import DEFINITION as INTAKE
from services.outcomes.app import DEFINITION as OUTCOMES
from services.outcomes.tables import enquiry_directory
from shared.enquiry_directory import EnquiryDirectory
from shared.messaging.consumer import Subscription
from shared.messaging.dead_letters import list_dead_letters
from shared.projections import Recorded
from shared.settings import Settings
from tests.reliability.helpers import (
    directory_ids,
    inbox_count,
    open_these,
    run_cli,
    wait_until_drained,
    wait_until_relayed,
)
from tests.support import eventually, running

pytestmark = pytest.mark.reliability
GROUP = "outcomes.enquiries"


class BrokenForSome(EnquiryDirectory):
    """The directory with a bug that bites only some enquiries, until it is fixed."""

    def __init__(self) -> None:
        super().__init__(enquiry_directory)
        self.broken: set[uuid.UUID] = set()

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        if any(getattr(r.event, "enquiry_id", None) in self.broken for r in events):
            raise RuntimeError("a bug in the read model")
        await super().apply(conn, events)


async def test_a_poison_event_is_dead_lettered_the_rest_applied_and_a_retry_applies_it_once(
    settings: Settings, redis: Redis
) -> None:
    projection = BrokenForSome()
    flaky_outcomes = dataclasses.replace(
        OUTCOMES,
        subscriptions=(
            Subscription(source="intake", purpose="enquiries", projections=(projection,)),
        ),
    )
    cli_env = {"MSP_REDIS_URL": settings.redis_url}
    async with running(INTAKE, settings) as intake:
        ids = [uuid.uuid4() for _ in range(30)]
        poison = ids[12]
        projection.broken.add(poison)
        async with running(flaky_outcomes, settings) as outcomes:
            await open_these(intake, ids)

            async def poison_dead_lettered() -> bool:
                return (
                    await redis.xlen("msp.intake.events.dlq") == 1
                    and len(await directory_ids(outcomes.db)) == 29
                )

            await eventually(
                poison_dead_lettered, what="the poison event dead-lettered, the others applied"
            )
            (letter,) = await list_dead_letters(redis)
            assert letter.group == GROUP
            assert letter.event_type == "intake.EnquiryOpened"
            assert letter.deliveries >= settings.max_deliveries
            assert letter.error.startswith("RuntimeError at ")
            assert set(await directory_ids(outcomes.db)) == set(ids) - {poison}

            code, listing = await run_cli("dlq", "list", env=cli_env)
            assert code == 0
            assert letter.event_id in listing
            assert "RuntimeError" in listing

            projection.broken.clear()  # the cause is fixed
            code, retried = await run_cli("dlq", "retry", env=cli_env)
            assert code == 0
            assert "1 dead letters put back" in retried

            async def applied() -> bool:
                return len(await directory_ids(outcomes.db)) == 30

            await eventually(applied, what="the retried event applied")
            assert sorted(await directory_ids(outcomes.db)) == sorted(ids)
            assert await inbox_count(outcomes.db, GROUP) == 30
            assert await redis.xlen("msp.intake.events.dlq") == 0
            code, listing = await run_cli("dlq", "list", env=cli_env)
            assert "No dead letters" in listing


async def test_an_entry_that_is_no_event_is_dead_lettered_and_the_rest_of_its_batch_applied(
    settings: Settings, redis: Redis
) -> None:
    """Another producer's entry (no `__data__` field) on the stream: the live subscriber's
    parser hands it on as unreadable, the reclaimer dead-letters it, nothing else is held up."""
    stream = "msp.intake.events"
    async with running(INTAKE, settings) as intake:
        first = [uuid.uuid4() for _ in range(10)]
        await open_these(intake, first)
        await wait_until_relayed(redis, 10)
        await redis.xadd(stream, {"note": "not an event"})
        second = [uuid.uuid4() for _ in range(10)]
        await open_these(intake, second)
        await wait_until_relayed(redis, 21)

    async with running(OUTCOMES, settings) as outcomes:

        async def settled() -> bool:
            return (
                await redis.xlen("msp.intake.events.dlq") == 1
                and len(await directory_ids(outcomes.db)) == 20
            )

        await eventually(settled, what="the foreign entry dead-lettered, every event applied")
        await wait_until_drained(redis, stream, GROUP)
        assert sorted(await directory_ids(outcomes.db)) == sorted(first + second)
        assert await inbox_count(outcomes.db, GROUP) == 20
        (letter,) = await list_dead_letters(redis)
        assert letter.event_id == ""
        assert letter.deliveries >= settings.max_deliveries
