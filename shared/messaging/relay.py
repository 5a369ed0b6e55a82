"""The outbox relay: puts committed events on the service's stream, in position order.

The checkpoint (last position on the stream) lives in Redis and moves in the same MULTI/EXEC as
the XADDs, under WATCH: a second relay's transaction fails instead of publishing twice, and a
Redis that lost its data (checkpoint and stream together) is refilled from SQL.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError, WatchError

from shared.eventstore.store import EventStore
from shared.messaging import wire
from shared.messaging.errors import describe
from shared.messaging.names import events_stream, relay_checkpoint_key
from shared.metrics import EVENTS_RELAYED, RELAY_LAG

log = structlog.get_logger(__name__)
ERROR_BACKOFF_S = 1.0


class OutboxRelay:
    def __init__(
        self, store: EventStore, redis: Redis, *, batch_size: int = 500, poll_ms: int = 200
    ) -> None:
        self._store = store
        self._redis = redis
        self._batch_size = batch_size
        self._poll_s = poll_ms / 1000
        self._stream = events_stream(store.service)
        self._checkpoint_key = relay_checkpoint_key(store.service)
        self._wake = asyncio.Event()
        self._warned_ahead = False
        store.on_commit(self._wake.set)

    async def checkpoint(self) -> int:
        return int(await self._redis.get(self._checkpoint_key) or 0)

    async def relay_once(self) -> int:
        """Publish the next batch after the checkpoint; the number of events put on the stream."""
        checkpoint = await self.checkpoint()
        envelopes = await self._store.read_after(checkpoint, self._batch_size)
        if not envelopes:
            await self._warn_if_checkpoint_is_ahead(checkpoint)
            return 0
        entries = [await wire.encode(envelope) for envelope in envelopes]
        async with self._redis.pipeline(transaction=True) as pipe:
            try:
                await pipe.watch(self._checkpoint_key)
                if int(await pipe.get(self._checkpoint_key) or 0) != checkpoint:
                    return 0  # another relay moved on meanwhile; start again from its checkpoint
                pipe.multi()  # type: ignore[no-untyped-call]
                for fields in entries:
                    pipe.xadd(self._stream, fields)  # type: ignore[arg-type]
                pipe.set(self._checkpoint_key, envelopes[-1].position)
                await pipe.execute()
            except WatchError:
                return 0
        EVENTS_RELAYED.labels(self._store.service).inc(len(envelopes))
        last = await self._store.last_position()
        RELAY_LAG.labels(self._store.service).set(max(0, last - envelopes[-1].position))
        return len(envelopes)

    async def _warn_if_checkpoint_is_ahead(self, checkpoint: int) -> None:
        """A checkpoint past the store's last event means the database was restored from an older
        backup while Redis kept its data: new events would reuse published positions and never be
        relayed. An operator must decide (docs/runbook.md); the relay says so loudly."""
        last = await self._store.last_position()
        RELAY_LAG.labels(self._store.service).set(max(0, last - checkpoint))
        if checkpoint > last and not self._warned_ahead:
            self._warned_ahead = True
            log.error("relay.checkpoint_ahead_of_store", checkpoint=checkpoint, last_position=last)

    async def run(self) -> None:
        """Relay until cancelled: at once after a local commit, else every poll interval."""
        while True:
            self._wake.clear()  # a commit from here on wakes the wait below at once
            try:
                while await self.relay_once() == self._batch_size:
                    pass
            except (RedisError, OSError) as error:
                log.warning("relay.redis_unavailable", error=type(error).__name__)
                await asyncio.sleep(ERROR_BACKOFF_S)
                continue
            except Exception as error:
                log.error("relay.failed", error=describe(error))
                await asyncio.sleep(ERROR_BACKOFF_S)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_s)
