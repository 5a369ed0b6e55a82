"""Builders and helpers shared by the tests: small functions, no fixture mountains."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import uvicorn

from shared.auth import Actor, Role, TokenService
from shared.embedded_redis import free_port
from shared.migrations import upgrade
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import Settings

DEADLINE_S = 60.0
GRACEFUL_S = 10


def an_actor(
    agency: str = "adult-social-care", user: str = "practitioner-1", role: Role = Role.PRACTITIONER
) -> Actor:
    return Actor(user_id=user, agency_id=agency, role=role)


def bearer(settings: Settings, actor: Actor | None = None) -> dict[str, str]:
    token = TokenService(settings.signing_key, ttl=timedelta(minutes=5)).issue(actor or an_actor())
    return {"Authorization": f"Bearer {token}"}


def a_correlation_id() -> str:
    return str(uuid.uuid4())


async def migrate(definition: ServiceDefinition, settings: Settings) -> None:
    await asyncio.to_thread(
        upgrade, definition.migrations, settings.database_url_for(definition.name)
    )


@asynccontextmanager
async def running(
    definition: ServiceDefinition, settings: Settings
) -> AsyncIterator[ServiceRuntime]:
    """The service's backbone (store, relay, consumers) started in this event loop."""
    await migrate(definition, settings)
    runtime = ServiceRuntime(definition, settings)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def eventually(
    check: Callable[[], Awaitable[bool]], *, within: float = DEADLINE_S, what: str = ""
) -> None:
    """Wait until `check()` holds. A deadline for correctness, not a speed assertion."""
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {within:.0f}s: {what}")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def serving(app: Any) -> AsyncIterator[str]:
    """`app` under uvicorn on a free port in this event loop (real HTTP): its base URL.

    Stopping is bounded as in the services (`shared/serve.py`): a connection left open cannot
    keep a test waiting, and the server is stopped even when it failed to start in time.
    """
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_config=None,
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_S,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        return server.started

    try:
        await eventually(started, within=30, what="uvicorn started")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def served(
    definition: ServiceDefinition, settings: Settings
) -> AsyncIterator[tuple[str, ServiceRuntime]]:
    """The whole service (HTTP included) on a free port in this event loop: real HTTP."""
    await migrate(definition, settings)
    runtime = ServiceRuntime(definition, settings)
    async with serving(runtime.http_app()) as url:
        yield url, runtime
