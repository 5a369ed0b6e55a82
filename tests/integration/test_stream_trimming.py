"""Trimming takes only what every consumer group has read and acknowledged."""

from __future__ import annotations

from typing import Any, cast

import pytest
from redis.asyncio import Redis

from shared.messaging.trimming import trim_stream

pytestmark = pytest.mark.integration
STREAM = "msp.test.events"


async def add(redis: Redis, count: int) -> list[bytes]:
    return [cast("bytes", await redis.xadd(STREAM, {"n": str(n)})) for n in range(count)]


async def entry_ids(redis: Redis) -> list[bytes]:
    entries = cast("list[tuple[bytes, Any]]", await redis.xrange(STREAM))
    return [entry_id for entry_id, _ in entries]


async def read(redis: Redis, group: str, count: int) -> list[bytes]:
    response = cast(
        "list[tuple[bytes, list[tuple[bytes, Any]]]]",
        await redis.xreadgroup(group, "c", {STREAM: ">"}, count=count),
    )
    return [entry_id for entry_id, _ in response[0][1]]


async def test_a_stream_nobody_consumes_yet_is_kept_whole(redis: Redis) -> None:
    await add(redis, 10)

    assert await trim_stream(redis, STREAM) == 0
    assert await redis.xlen(STREAM) == 10


async def test_entries_stay_until_the_slowest_group_has_read_them(redis: Redis) -> None:
    ids = await add(redis, 10)
    await redis.xgroup_create(STREAM, "fast", id="0")
    await redis.xgroup_create(STREAM, "slow", id="0")
    await redis.xack(STREAM, "fast", *await read(redis, "fast", 10))
    await redis.xack(STREAM, "slow", *await read(redis, "slow", 6))

    await trim_stream(redis, STREAM)

    assert await entry_ids(redis) == ids[6:]


async def test_an_entry_still_pending_in_any_group_is_kept(redis: Redis) -> None:
    ids = await add(redis, 10)
    await redis.xgroup_create(STREAM, "g", id="0")
    read_ids = await read(redis, "g", 10)
    await redis.xack(STREAM, "g", *read_ids[:3], *read_ids[4:])  # the fourth is left pending

    await trim_stream(redis, STREAM)

    assert await entry_ids(redis) == ids[3:]
