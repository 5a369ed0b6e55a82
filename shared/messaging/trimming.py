"""Streams are trimmed below the slowest consumer group (`XTRIM MINID`), never with `maxlen`.

An entry goes only when every group has read it and none still holds it pending. A stream with no
group yet is left whole: a service that starts consuming later sees the whole history.
"""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger(__name__)


def _stream_id(value: bytes | str) -> tuple[int, int]:
    text = value.decode() if isinstance(value, bytes) else value
    milliseconds, _, sequence = text.partition("-")
    return int(milliseconds), int(sequence or 0)


async def safe_trim_point(redis: Redis, stream: str) -> str | None:
    """The lowest id any group still needs, or None when nothing may be trimmed."""
    groups: list[dict[str, Any]] = await redis.xinfo_groups(stream)
    if not groups:
        return None
    needed: list[tuple[int, int]] = []
    for group in groups:
        # Everything after what it was last given is still unread by this group.
        delivered = _stream_id(group["last-delivered-id"])
        needed.append((delivered[0], delivered[1] + 1))
        if group["pending"]:
            summary = await redis.xpending(stream, group["name"])
            needed.append(_stream_id(summary["min"]))
    lowest = min(needed)
    return f"{lowest[0]}-{lowest[1]}"


async def trim_stream(redis: Redis, stream: str) -> int:
    point = await safe_trim_point(redis, stream)
    if point is None:
        return 0
    removed: int = await redis.xtrim(stream, minid=point, approximate=False)
    return removed


async def trim_forever(redis: Redis, stream: str, interval_s: float) -> None:
    while True:
        await asyncio.sleep(interval_s)
        try:
            removed = await trim_stream(redis, stream)
        except RedisError as error:
            log.warning("stream.trim_failed", stream=stream, error=type(error).__name__)
            continue
        if removed:
            log.info("stream.trimmed", stream=stream, removed=removed)
