"""A consumer group's two FastStream subscribers: the live batch reader and its reclaimer.

The live subscriber reads batches (`batch=True`): a batch's effects and inbox rows commit in one
transaction and are acked in one XACK. Its parser hands the handler each entry's envelope JSON as
bytes, validated once by pydantic: FastStream's own batch parser JSON-decodes every entry, dumps
the list back to JSON and its decoder loads that again, which cost the consumer about a third of
its time per event. When a batch fails, each event is applied alone, so one
poison event never holds back the rest: it stays pending, the reclaimer (a `min_idle_time`
subscriber that XAUTOCLAIMs what was left idle) tries it again, and after `max_deliveries` it
goes to the dead-letter stream with its error.
"""

# No `from __future__ import annotations` here: FastStream resolves handler annotations at run time.

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import structlog
from faststream.middlewares import AckPolicy
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisBatchStreamMessage, RedisStreamMessage
from faststream.redis.message import RedisBatchStreamMessage as BatchStreamMessage
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from shared.events import EventEnvelope
from shared.messaging import wire
from shared.messaging.applier import EventApplier
from shared.messaging.errors import describe
from shared.messaging.names import consumer_group, dead_letter_stream, events_stream
from shared.metrics import BATCH_SECONDS, DEAD_LETTERED, DELIVERY_FAILURES
from shared.projections import Projection

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Subscription:
    """What a service consumes: one publisher's stream, for one purpose, into these projections."""

    source: str
    purpose: str
    projections: tuple[Projection, ...]

    @property
    def stream(self) -> str:
        return events_stream(self.source)


@dataclass(frozen=True)
class ConsumerOptions:
    replica: str
    batch_size: int = 250
    block_ms: int = 50
    reclaim_idle_ms: int = 30_000
    max_deliveries: int = 5


async def ensure_group(redis: "Redis", stream: str, group: str) -> None:
    """Create the group at `0` (the whole history) with MKSTREAM; an existing one is kept."""
    try:
        await redis.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise


async def destroy_group(redis: "Redis", stream: str, group: str) -> bool:
    """Remove a group nobody reads any more; whether there was one. Stream trimming keeps every
    entry above the slowest group, and a group nobody reads is the slowest for ever."""
    try:
        return bool(await redis.xgroup_destroy(stream, group))
    except ResponseError as error:
        if "requires the key to exist" not in str(error):
            raise
        return False


class StreamConsumer:
    def __init__(
        self,
        *,
        service: str,
        subscription: Subscription,
        applier: EventApplier,
        redis: "Redis",
        options: ConsumerOptions,
    ) -> None:
        self.service = service
        self.stream = subscription.stream
        self.group = consumer_group(service, subscription.purpose)
        self.applier = applier
        self._redis = redis
        self._options = options
        self._dead_letters = dead_letter_stream(subscription.source)
        self.subscribers: list[Any] = []

    def register(self, broker: RedisBroker) -> None:
        """Add the live subscriber and its reclaimer to `broker` (and so to its AsyncAPI)."""
        options = self._options
        live = broker.subscriber(
            stream=StreamSub(
                self.stream,
                group=self.group,
                consumer=self.consumer_name,
                batch=True,
                max_records=options.batch_size,
                polling_interval=options.block_ms,
            ),
            ack_policy=AckPolicy.MANUAL,
            parser=self._parse_batch,
            decoder=_bodies,
            title=f"{self.group}:live",
            description=f"{self.group} applies {', '.join(sorted(self.applier.event_types))}",
        )
        reclaimer = broker.subscriber(
            stream=StreamSub(
                self.stream,
                group=self.group,
                consumer=f"{self.consumer_name}-reclaimer",
                min_idle_time=options.reclaim_idle_ms,
                polling_interval=max(100, min(options.reclaim_idle_ms // 4, 5_000)),
            ),
            ack_policy=AckPolicy.MANUAL,
            title=f"{self.group}:reclaimer",
            description=f"{self.group} retries what was left pending, then dead-letters it",
        )
        live(self._on_batch)
        reclaimer(self._on_reclaimed)
        self.subscribers = [live, reclaimer]

    async def ensure_group(self) -> None:
        await ensure_group(self._redis, self.stream, self.group)

    @property
    def consumer_name(self) -> str:
        return f"{self.service}-{self._options.replica}"

    async def _parse_batch(self, message: Mapping[str, Any]) -> BatchStreamMessage:
        """The batch as FastStream reads it (`message_ids` and `data`, one field mapping per
        entry), with the body a list of each entry's envelope JSON (None where it has none)."""
        bodies: list[bytes | None] = []
        for fields in message["data"]:
            data = fields.get(wire.DATA_FIELD)
            bodies.append(None if data is None else wire.body_of(data))
        return BatchStreamMessage(
            raw_message=message,
            body=bodies,
            content_type="application/json",
            consumer=self._redis,  # type: ignore[arg-type]  # redis-py has its `xack`
            group=self.group,
        )

    async def _on_batch(self, body: list[Any], message: RedisBatchStreamMessage) -> None:
        ids: list[bytes] = list(message.raw_message["message_ids"])
        decoded: list[tuple[bytes, EventEnvelope]] = []
        received: dict[UUID, bytes] = {}  # the JSON as it came, kept for the inbox
        for message_id, item in zip(ids, body, strict=True):
            try:
                envelope = wire.envelope_from_body(item)
            except ValueError as error:  # unreadable: leave pending for the reclaimer
                self._record_failure(message_id, None, error)
                continue
            decoded.append((message_id, envelope))
            if isinstance(item, bytes):
                received[envelope.event_id] = item
        await self._apply_and_ack(decoded, received)

    async def _apply_and_ack(
        self,
        decoded: Sequence[tuple[bytes, EventEnvelope]],
        received: Mapping[UUID, bytes] | None = None,
    ) -> None:
        with BATCH_SECONDS.labels(self.group).time():
            try:
                await self.applier.apply([envelope for _, envelope in decoded], received=received)
                done = [message_id for message_id, _ in decoded]
            except Exception:
                done = await self._apply_one_by_one(decoded)
        if done:
            await self._redis.xack(self.stream, self.group, *done)

    async def settle_own_pending(self) -> int:
        """Apply and ack what was delivered to this consumer but never acked; how many were read.

        Called with the subscribers stopped. At a graceful stop it covers a batch read from Redis
        just as the subscriber was cancelled; at start-up, a batch held when the last process
        died, which would otherwise wait `reclaim_idle_ms` for the reclaimer. What still fails
        stays pending for the reclaimer, as it would have.
        """
        after, settled = b"0", 0
        while True:
            reply: Any = await self._redis.xreadgroup(
                self.group,
                self.consumer_name,
                {self.stream: after},
                count=self._options.batch_size,
            )
            entries: list[tuple[bytes, dict[bytes, bytes] | None]] = reply[0][1] if reply else []
            if not entries:
                return settled
            after = entries[-1][0]  # history is read forwards: what fails is not read again
            decoded: list[tuple[bytes, EventEnvelope]] = []
            for message_id, fields in entries:
                try:
                    decoded.append((message_id, wire.decode(fields or {})))
                except (KeyError, ValueError) as error:
                    self._record_failure(message_id, None, error)
            await self._apply_and_ack(decoded)
            settled += len(entries)

    async def _apply_one_by_one(
        self, decoded: Sequence[tuple[bytes, EventEnvelope]]
    ) -> list[bytes]:
        done = []
        for message_id, envelope in decoded:
            try:
                await self.applier.apply([envelope])
            except Exception as error:
                self._record_failure(message_id, envelope, error)
            else:
                done.append(message_id)
        return done

    async def _on_reclaimed(self, body: Any, message: RedisStreamMessage) -> None:
        (message_id,) = message.raw_message["message_ids"]
        envelope: EventEnvelope | None = None
        try:
            envelope = wire.envelope_from_body(body)
            await self.applier.apply([envelope])
        except Exception as error:
            self._record_failure(message_id, envelope, error)
            deliveries = await message.get_delivery_count()
            if deliveries >= self._options.max_deliveries:
                await self._dead_letter(
                    message_id, message.raw_message["data"], envelope, error, deliveries
                )
            return
        await self._redis.xack(self.stream, self.group, message_id)

    def _record_failure(
        self, message_id: bytes, envelope: EventEnvelope | None, error: BaseException
    ) -> None:
        DELIVERY_FAILURES.labels(self.group).inc()
        log.warning(
            "consumer.apply_failed",
            group=self.group,
            message_id=message_id.decode(),
            event_id=str(envelope.event_id) if envelope else None,
            event_type=envelope.event_type if envelope else None,
            error=describe(error),
        )

    async def _dead_letter(
        self,
        message_id: bytes,
        fields: dict[bytes, bytes],
        envelope: EventEnvelope | None,
        error: BaseException,
        deliveries: int,
    ) -> None:
        entry = {
            "data": fields.get(wire.DATA_FIELD, b""),
            "source_stream": self.stream,
            "source_id": message_id,
            "group": self.group,
            "event_id": str(envelope.event_id) if envelope else "",
            "event_type": envelope.event_type if envelope else "",
            "error": describe(error),
            "deliveries": str(deliveries),
            "failed_at": datetime.now(UTC).isoformat(),
        }
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.xadd(self._dead_letters, entry)  # type: ignore[arg-type]
            pipe.xack(self.stream, self.group, message_id)
            await pipe.execute()
        DEAD_LETTERED.labels(self.group).inc()
        log.error(
            "consumer.dead_lettered",
            group=self.group,
            event_id=entry["event_id"],
            deliveries=deliveries,
            error=entry["error"],
        )

    async def restart_stopped_subscribers(self) -> bool:
        """Recreate the group and restart subscribers FastStream stopped (NOGROUP after a flush)."""
        stopped = [s for s in self.subscribers if not s.running]
        if not stopped:
            return False
        await self.ensure_group()
        for subscriber in stopped:
            await subscriber.start()
        log.warning("consumer.resubscribed", group=self.group, subscribers=len(stopped))
        return True


async def _bodies(message: BatchStreamMessage) -> Any:
    """The live subscriber's decoder: the bodies as `_parse_batch` left them."""
    return message.body


async def watch_subscribers(consumers: Sequence[StreamConsumer], interval_s: float = 1.0) -> None:
    """Keep every consumer subscribed, whatever happened to its group in Redis."""
    while True:
        await asyncio.sleep(interval_s)
        for consumer in consumers:
            try:
                await consumer.restart_stopped_subscribers()
            except Exception as error:
                log.warning(
                    "consumer.resubscribe_failed", group=consumer.group, error=describe(error)
                )
