"""A consumer group a service has given up is destroyed when the service starts: otherwise it
stays the slowest group of its stream for ever, and the stream is never trimmed again."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from services.notifications.app import DEFINITION
from shared.messaging.consumer import destroy_group, ensure_group
from shared.messaging.names import consumer_group, events_stream
from shared.settings import Settings
from tests.support import running

pytestmark = pytest.mark.integration


async def group_names(redis: Redis, stream: str) -> set[str]:
    return {
        group["name"].decode() if isinstance(group["name"], bytes) else group["name"]
        for group in await redis.xinfo_groups(stream)
    }


async def test_notifications_destroys_its_retired_directory_group_at_start(
    settings: Settings, redis: Redis
) -> None:
    stream = events_stream("intake")
    retired = consumer_group("notifications", "enquiries")
    await ensure_group(redis, stream, retired)  # left by a deployment of the old version
    assert ("intake", "enquiries") in DEFINITION.retired

    async with running(DEFINITION, settings):
        groups = await group_names(redis, stream)

    assert retired not in groups
    assert consumer_group("notifications", "consent-and-reminders") in groups


async def test_destroying_a_group_of_a_stream_that_does_not_exist_is_not_an_error(
    redis: Redis,
) -> None:
    assert await destroy_group(redis, "msp.nobody.events", "nobody.anything") is False
