"""The outbox relay: puts committed events on the service's stream, in position order.

The checkpoint (last position on the stream) lives in Redis and moves in the same atomic step as
the XADDs: one Lua script checks that the checkpoint is still the one this relay read, XADDs the
batch and sets the checkpoint. A second relay's script then finds the checkpoint moved and
publishes nothing, and a Redis that lost its data (checkpoint and stream together) is refilled
from SQL. Redis runs a script as one unit and writes its effects to the AOF as one MULTI/EXEC;
unlike WATCH/GET/MULTI/XADD.../SET/EXEC it takes one round trip with one short reply, where
redis-py parsed every XADD's reply in Python.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import time

import structlog
from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from shared.events import EventEnvelope
from shared.eventstore.store import EventStore
from shared.messaging import wire
from shared.messaging.errors import describe
from shared.messaging.names import events_stream, relay_checkpoint_key
from shared.metrics import EVENTS_RELAYED, RELAY_LAG

log = structlog.get_logger(__name__)
ERROR_BACKOFF_S = 1.0
MAX_ATTEMPTS = 3
RECENT_LIMIT = 20_000
IDLE_CHECK_INTERVAL_S = 5.0
# After a wake-up, commits still landing get a moment to join the same round.
COALESCE_S = 0.002
# KEYS: the checkpoint, the stream. ARGV: the checkpoint this relay read, the new one, then each
# entry's `__data__`. Replies {1, new checkpoint} once published, or {0, the checkpoint found}.
PUBLISH_SCRIPT = """
local current = redis.call('GET', KEYS[1]) or '0'
if current ~= ARGV[1] then
    return {0, current}
end
for i = 3, #ARGV do
    redis.call('XADD', KEYS[2], '*', '__data__', ARGV[i])
end
redis.call('SET', KEYS[1], ARGV[2])
return {1, ARGV[2]}
"""


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
        self._known: int | None = None  # the checkpoint as this relay last saw or set it
        self._next_idle_check = 0.0
        # Events committed by this process, kept until published: the common case needs no read
        # back from SQL. Anything not contiguous with the checkpoint is read from SQL instead.
        self._recent: collections.deque[EventEnvelope] = collections.deque(maxlen=RECENT_LIMIT)
        self._publish: AsyncScript = redis.register_script(PUBLISH_SCRIPT)
        store.on_commit(self._remember)

    def _remember(self, committed: list[EventEnvelope]) -> None:
        self._recent.extend(committed)
        self._wake.set()

    def _recently_committed_after(self, checkpoint: int) -> list[EventEnvelope]:
        while self._recent and self._recent[0].position <= checkpoint:
            self._recent.popleft()
        if not self._recent or self._recent[0].position != checkpoint + 1:
            return []  # a gap: another process appended, or this relay fell behind
        batch = list(itertools.islice(self._recent, self._batch_size))
        contiguous = all(e.position == checkpoint + i for i, e in enumerate(batch, start=1))
        return batch if contiguous else []

    async def checkpoint(self) -> int:
        return int(await self._redis.get(self._checkpoint_key) or 0)

    async def relay_once(self, *, after_local_commit: bool = False) -> int:
        """Publish the next batch after the checkpoint; the number of events put on the stream.

        `after_local_commit`: woken by this process's commit, so when it has published
        everything this process committed there is nothing to read back from SQL (what other
        processes append shows as a gap in positions, or is found by the next poll).
        """
        for _attempt in range(MAX_ATTEMPTS):
            published = await self._publish_next_batch(after_local_commit)
            if published is not None:
                return published
        return 0

    async def _publish_next_batch(self, after_local_commit: bool) -> int | None:
        """None when the checkpoint was not what this relay knew (another relay, or a Redis that
        lost its data): the caller tries again from the checkpoint as it now is."""
        checkpoint = self._known if self._known is not None else await self.checkpoint()
        envelopes = self._recently_committed_after(checkpoint)
        if not envelopes:
            own_last = self._store.last_committed_position
            if after_local_commit and own_last is not None and checkpoint >= own_last:
                return 0
            envelopes = await self._store.read_after(checkpoint, self._batch_size)
        if not envelopes:
            await self._check_when_idle(checkpoint)
            return 0
        published, current = await self._publish(
            keys=[self._checkpoint_key, self._stream],
            args=[checkpoint, envelopes[-1].position, *map(wire.entry_data, envelopes)],
        )
        if not published:
            self._known = int(current)
            return None
        self._known = envelopes[-1].position
        EVENTS_RELAYED.labels(self._store.service).inc(len(envelopes))
        last = self._store.last_committed_position or self._known
        RELAY_LAG.labels(self._store.service).set(max(0, last - self._known))
        return len(envelopes)

    async def _check_when_idle(self, checkpoint: int) -> None:
        """Now and then while idle: the lag as the database sees it (other processes append too),
        and a checkpoint past the store's last event. That means the database was restored from
        an older backup while Redis kept its data: new events would reuse published positions and
        never be relayed. An operator must decide (docs/runbook.md); the relay says so loudly."""
        now = time.monotonic()
        if now < self._next_idle_check:
            return
        self._next_idle_check = now + IDLE_CHECK_INTERVAL_S
        last = await self._store.last_position()
        RELAY_LAG.labels(self._store.service).set(max(0, last - checkpoint))
        if checkpoint > last and not self._warned_ahead:
            self._warned_ahead = True
            log.error("relay.checkpoint_ahead_of_store", checkpoint=checkpoint, last_position=last)

    async def run(self) -> None:
        """Relay until cancelled: at once after a local commit, else every poll interval."""
        woken = False
        task = asyncio.current_task()
        while True:
            if task is not None and task.cancelling():
                # Asked to stop, but a call below swallowed the CancelledError (the task still
                # counts the request): stop now rather than relay on and hang `stop()`.
                raise asyncio.CancelledError
            self._wake.clear()  # a commit from here on wakes the wait below at once
            try:
                while await self.relay_once(after_local_commit=woken) == self._batch_size:
                    pass
            except (RedisError, OSError) as error:
                self._known = None
                log.warning("relay.redis_unavailable", error=type(error).__name__)
                await asyncio.sleep(ERROR_BACKOFF_S)
                woken = False
                continue
            except Exception as error:
                log.error("relay.failed", error=describe(error))
                await asyncio.sleep(ERROR_BACKOFF_S)
                woken = False
                continue
            woken = False
            # `asyncio.timeout`, not `wait_for`: on Python 3.11 `wait_for` swallows a
            # cancellation that arrives as the wake-up completes, and the relay then never stops
            # (`ServiceRuntime.stop` waited forever; it hung the sweeper property test).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._poll_s):
                    await self._wake.wait()
                woken = True
                await asyncio.sleep(COALESCE_S)
