"""Everything an event-driven service runs besides its own code, wired from one definition.

A service describes itself (`ServiceDefinition`); `ServiceRuntime` owns the database, event
store, Redis, FastStream broker, relay and consumers, starts them in order and stops them
gracefully: consumers first (in-flight batches finish), then the relay, then connections.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI
from faststream.redis import RedisBroker
from faststream.specification import AsyncAPI
from redis.asyncio import Redis

from shared.auth import TokenService
from shared.clock import Clock, SystemClock
from shared.diagnostics import waiting_tasks
from shared.events import EventEnvelope, EventRegistry
from shared.eventstore.database import Database
from shared.eventstore.store import EventStore
from shared.http.app import create_http_app
from shared.messaging.applier import EventApplier
from shared.messaging.consumer import (
    ConsumerOptions,
    StreamConsumer,
    Subscription,
    destroy_group,
    watch_subscribers,
)
from shared.messaging.errors import describe
from shared.messaging.names import consumer_group, events_stream
from shared.messaging.relay import OutboxRelay
from shared.messaging.trimming import trim_forever
from shared.projections import Projection
from shared.settings import Settings

log = structlog.get_logger(__name__)


BackgroundTask = Callable[["ServiceRuntime"], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    description: str
    registry: EventRegistry
    migrations: Path
    publishes: bool = False
    own_projections: tuple[Projection, ...] = ()
    subscriptions: tuple[Subscription, ...] = ()
    routers: tuple[APIRouter, ...] = field(default=())
    # Long-running work of the service's own (sweepers, timers): each is started after the broker
    # and cancelled first at stop. It must survive its own errors and be safe with two replicas.
    background: tuple[BackgroundTask, ...] = ()
    # Subscriptions the service has given up, as (source, purpose): their groups are destroyed
    # at start, so that an upgraded deployment's streams can be trimmed again.
    retired: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # A group's inbox rows are keyed by its name: two subscriptions with one purpose would
        # share them, and replay would then apply one group's events to the other's projections
        # twice. Refused here, when the service is defined, rather than found in its data.
        purposes = [subscription.purpose for subscription in self.subscriptions]
        repeated = sorted({purpose for purpose in purposes if purposes.count(purpose) > 1})
        if repeated:
            raise ValueError(
                f"service {self.name!r}: two subscriptions share the purpose {repeated[0]!r}, so "
                "they would be one consumer group; give each its own purpose"
            )


class ServiceRuntime:
    def __init__(
        self, definition: ServiceDefinition, settings: Settings, *, clock: Clock | None = None
    ) -> None:
        self.definition = definition
        self.settings = settings
        self.clock = clock or SystemClock()
        name = definition.name
        self.db = Database(settings.database_url_for(name))
        self.store = EventStore(
            self.db,
            service=name,
            registry=definition.registry,
            projections=definition.own_projections,
            clock=self.clock,
        )
        self.redis: Redis = Redis.from_url(settings.redis_url)
        self.tokens = TokenService(
            settings.signing_key,
            ttl=timedelta(seconds=settings.token_ttl_seconds),
            clock=self.clock,
        )
        # Access lines per message cost 12-20 % of throughput: they are logged at DEBUG only.
        self.broker = RedisBroker(
            settings.redis_url,
            graceful_timeout=settings.graceful_timeout_s,
            logger=logging.getLogger("msp.faststream"),  # through structlog's formatter
            log_level=logging.DEBUG,
        )
        self.relay = self._relay() if definition.publishes else None
        self.consumers = [self._consumer(subscription) for subscription in definition.subscriptions]
        self._tasks: list[asyncio.Task[None]] = []

    def _relay(self) -> OutboxRelay:
        name = self.definition.name
        own_types = [t for t in self.definition.registry.event_types() if t.startswith(f"{name}.")]
        # The relay publishes with redis-py; this publisher exists to document the stream.
        self.broker.publisher(
            events_stream(name),
            title=events_stream(name),
            schema=EventEnvelope,
            description=f"Facts published by {name}: {', '.join(own_types)}",
        )
        return OutboxRelay(
            self.store,
            self.redis,
            batch_size=self.settings.relay_batch_size,
            poll_ms=self.settings.relay_poll_ms,
        )

    def _consumer(self, subscription: Subscription) -> StreamConsumer:
        settings = self.settings
        options = ConsumerOptions(
            replica=settings.replica,
            batch_size=settings.consumer_batch_size,
            block_ms=settings.consumer_block_ms,
            reclaim_idle_ms=settings.reclaim_idle_ms,
            max_deliveries=settings.max_deliveries,
        )
        consumer = StreamConsumer(
            service=self.definition.name,
            subscription=subscription,
            applier=self.applier_for(subscription),
            redis=self.redis,
            options=options,
        )
        consumer.register(self.broker)
        return consumer

    def applier_for(self, subscription: Subscription) -> EventApplier:
        return EventApplier(
            self.db,
            group=consumer_group(self.definition.name, subscription.purpose),
            registry=self.definition.registry,
            projections=subscription.projections,
            clock=self.clock,
        )

    async def start(self) -> None:
        for source, purpose in self.definition.retired:
            group = consumer_group(self.definition.name, purpose)
            if await destroy_group(self.redis, events_stream(source), group):
                log.info("consumer.group_retired", group=group)
        for consumer in self.consumers:
            await consumer.ensure_group()
        await self._settle_own_pending("start")
        await self.broker.start()
        if self.relay is not None:
            self._tasks.append(asyncio.create_task(self.relay.run(), name="outbox-relay"))
            stream, interval = (
                events_stream(self.definition.name),
                self.settings.stream_trim_interval_s,
            )
            self._tasks.append(
                asyncio.create_task(trim_forever(self.redis, stream, interval), name="stream-trim")
            )
        for work in self.definition.background:
            self._tasks.append(asyncio.create_task(work(self), name=work.__name__))
        if self.consumers:
            self._tasks.append(
                asyncio.create_task(watch_subscribers(self.consumers), name="subscriber-watch")
            )
        log.info(
            "service.started",
            consumers=[c.group for c in self.consumers],
            relay=self.relay is not None,
        )

    async def stop(self) -> None:
        # The watchdog goes first: it would take the stopping subscribers for failed ones.
        for task in self._tasks:
            task.cancel()
        await self._stop_step(
            "background tasks", asyncio.wait(self._tasks) if self._tasks else asyncio.sleep(0)
        )
        self._tasks.clear()
        # FastStream waits for in-flight handlers up to the graceful timeout.
        await self._stop_step("subscribers", self.broker.stop())
        await self._settle_own_pending("stop")
        await self._stop_step("event store writer", self.store.close())
        if self.relay is not None:
            # What the last commands appended goes out now; failing that, at the next start.
            await self._stop_step("last relay", self.relay.relay_once())
        await self._stop_step("redis", self.redis.aclose())
        await self._stop_step("database", self.db.dispose())
        log.info("service.stopped")

    async def _stop_step(self, step: str, work: Awaitable[Any]) -> None:
        """One step of stopping, bounded: a stuck step must not keep the process (or a test)
        from ending. What it left undone is safe: events stay in the store for the relay, and
        unacked deliveries stay pending for the reclaimer. The stacks say where it was stuck.

        The step runs as a task that is waited for with `asyncio.wait`, never awaited: a task
        that ignores its cancellation (Python 3.11's `wait_for` could) would otherwise keep an
        awaiting `asyncio.timeout` block, or a `gather`, waiting for ever.
        """
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.settings.graceful_timeout_s)
        if not done:
            log.error("service.stop_step_timed_out", step=step, waiting=waiting_tasks())
            task.cancel()
            return
        if not task.cancelled() and (error := task.exception()) is not None:
            log.warning("service.stop_step_failed", step=step, error=describe(error))

    async def _settle_own_pending(self, moment: str) -> None:
        """Apply what each consumer holds unacked, within the graceful timeout; failures are
        logged and left to the reclaimer, never allowed to stop the service starting or ending."""
        for consumer in self.consumers:
            try:
                async with asyncio.timeout(self.settings.graceful_timeout_s):
                    settled = await consumer.settle_own_pending()
            except Exception as error:
                log.warning(
                    "consumer.settle_failed", group=consumer.group, at=moment, error=describe(error)
                )
            else:
                if settled:
                    log.info("consumer.settled", group=consumer.group, at=moment, events=settled)

    async def check_database(self) -> None:
        await self.db.ping()

    async def check_redis(self) -> None:
        await self.redis.ping()

    def asyncapi(self) -> dict[str, Any]:
        spec = AsyncAPI(
            self.broker,
            title=f"MSP {self.definition.name}",
            version="0.1.0",
            description=self.definition.description,
        )
        document: dict[str, Any] = spec.to_specification().to_jsonable()
        return document

    @asynccontextmanager
    async def lifespan(self, _app: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    def http_app(self) -> FastAPI:
        app = create_http_app(
            service=self.definition.name,
            description=self.definition.description,
            routers=self.definition.routers,
            tokens=self.tokens,
            readiness_checks={"database": self.check_database, "redis": self.check_redis},
            asyncapi=self.asyncapi,
            lifespan=self.lifespan,
        )
        app.state.runtime = self
        return app


def runtime_of(app: FastAPI) -> ServiceRuntime:
    runtime: ServiceRuntime = app.state.runtime
    return runtime
