"""Reading and retrying dead letters (`msp dlq list|retry`)."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from shared.messaging.names import dead_letter_stream
from shared.settings import SERVICE_PORTS

PUBLISHERS = tuple(name for name in SERVICE_PORTS if name != "portal")


@dataclass(frozen=True)
class DeadLetter:
    stream: str
    entry_id: str
    group: str
    event_id: str
    event_type: str
    error: str
    deliveries: int
    failed_at: str
    source_stream: str
    data: bytes


async def list_dead_letters(
    redis: Redis, services: tuple[str, ...] = PUBLISHERS
) -> list[DeadLetter]:
    letters: list[DeadLetter] = []
    for service in services:
        stream = dead_letter_stream(service)
        entries: list[tuple[bytes, dict[bytes, bytes]]] = await redis.xrange(stream)  # type: ignore[assignment]
        for entry_id, fields in entries:
            text = {key.decode(): value for key, value in fields.items()}
            letters.append(
                DeadLetter(
                    stream=stream,
                    entry_id=entry_id.decode(),
                    group=text["group"].decode(),
                    event_id=text["event_id"].decode(),
                    event_type=text["event_type"].decode(),
                    error=text["error"].decode(),
                    deliveries=int(text["deliveries"]),
                    failed_at=text["failed_at"].decode(),
                    source_stream=text["source_stream"].decode(),
                    data=text["data"],
                )
            )
    return letters


async def retry_dead_letter(redis: Redis, letter: DeadLetter) -> None:
    """Put the event back on its stream and take it off the dead-letter stream, atomically.

    Every group sees it again; those that applied it already skip it by its event id (the inbox).
    """
    async with redis.pipeline(transaction=True) as pipe:
        pipe.xadd(letter.source_stream, {b"__data__": letter.data})
        pipe.xdel(letter.stream, letter.entry_id)
        await pipe.execute()
