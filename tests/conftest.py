"""Fixtures: real Redis, real SQLite and PostgreSQL, settings pointing at them."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from shared.settings import SERVICE_PORTS, Settings, load_settings
from tests.servers import postgres_server, redis_server

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    with postgres_server() as url:
        yield url


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    """A client on an emptied Redis database; emptied again afterwards."""
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, postgres_url: str | None) -> str:
    name: str = request.param
    if name == "postgresql" and postgres_url is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: set MSP_TEST_POSTGRES_URL")
        pytest.skip("no PostgreSQL here: set MSP_TEST_POSTGRES_URL or run a Docker engine")
    return name


# Creating and dropping six databases costs ~5 s per PostgreSQL test (DROP DATABASE checkpoints);
# a set of databases is instead reused, emptied between tests. Sets are dropped at the end.
_POOLED_SETS: list[str] = []
_ALL_SETS: list[str] = []


async def _empty(admin: asyncpg.Connection, name: str) -> None:
    """Every object a test made gone, and every connection it left open closed."""
    await admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = $1 AND pid <> pg_backend_pid()",
        name,
    )


async def _reset_schema(postgres_url: str, name: str) -> None:
    connection = await asyncpg.connect(
        make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    )
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def _database_sets(postgres_url: str | None) -> Iterator[list[str]]:
    yield _POOLED_SETS
    if postgres_url is None or not _ALL_SETS:
        return

    async def drop_all() -> None:
        admin = await asyncpg.connect(postgres_url)
        try:
            for prefix in _ALL_SETS:
                for service in SERVICE_PORTS:
                    await admin.execute(
                        f'DROP DATABASE IF EXISTS "{prefix}_{service}" WITH (FORCE)'
                    )
        finally:
            await admin.close()

    asyncio.run(drop_all())


@pytest.fixture
async def database_url_template(
    backend: str, tmp_path: Path, postgres_url: str | None, _database_sets: list[str]
) -> AsyncIterator[str]:
    """A `{service}` URL template; on PostgreSQL an empty database per service."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path.as_posix()}/{{service}}.db"
        return
    assert postgres_url is not None
    names: list[str]
    if _database_sets:
        prefix = _database_sets.pop()
        names = [f"{prefix}_{service}" for service in SERVICE_PORTS]
    else:
        prefix = f"msp_t{uuid.uuid4().hex[:12]}"
        names = [f"{prefix}_{service}" for service in SERVICE_PORTS]
        admin = await asyncpg.connect(postgres_url)
        try:
            for name in names:
                await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        _ALL_SETS.append(prefix)
    base = make_url(postgres_url).set(drivername="postgresql+asyncpg")
    try:
        yield (
            base.set(database=f"{prefix}_{{service}}")
            .render_as_string(hide_password=False)
            .replace("%7B", "{")
            .replace("%7D", "}")
        )
    finally:
        admin = await asyncpg.connect(postgres_url)
        try:
            for name in names:
                await _empty(admin, name)
        finally:
            await admin.close()
        for name in names:
            await _reset_schema(postgres_url, name)
        _database_sets.append(prefix)


@pytest.fixture
def settings(database_url_template: str, redis_url: str, redis: Redis, tmp_path: Path) -> Settings:
    """Settings for a test: its own databases, an emptied Redis, short reclaim and retry times."""
    return load_settings(
        database_url=database_url_template,
        redis_url=redis_url,
        data_dir=tmp_path,
        secret_key=TEST_SECRET,
        reclaim_idle_ms=400,
        max_deliveries=3,
        relay_poll_ms=50,
        consumer_block_ms=20,
        graceful_timeout_s=2.0,
    )


# pytest-timeout raises its failure from a signal handler; inside an asyncio test that exception
# can land in an event-loop callback, where asyncio logs it and carries on, so a stuck test then
# hangs the whole run (seen in CI). Before that deadline this watchdog prints where every task
# is waiting and cancels the test's tasks, so the test fails with the stacks instead.
HANG_S = 240.0


@pytest.fixture(autouse=True)
def _hang_watchdog(request: pytest.FixtureRequest) -> None:
    if asyncio.iscoroutinefunction(getattr(request, "function", None)):
        request.getfixturevalue("_tasks_watchdog")


@pytest.fixture
async def _tasks_watchdog(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    loop = asyncio.get_running_loop()

    def give_up() -> None:
        print(f"\n{request.node.nodeid} still running after {HANG_S:.0f}s; its tasks:")
        for task in asyncio.all_tasks(loop):
            task.print_stack(limit=12)
        for task in asyncio.all_tasks(loop):
            task.cancel()

    timer = loop.call_later(HANG_S, give_up)
    yield
    timer.cancel()


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which turns the marker into the group
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test` runs two workers), tests that must not share the machine
    with themselves stay on one worker: the browser tests share one platform per worker, and
    `make run`'s end-to-end test listens on the fixed ports 8000-8004."""
    for item in items:
        path = item.path.as_posix()
        for folder in ("/tests/browser/", "/tests/e2e/"):
            if folder in path:
                item.add_marker(pytest.mark.xdist_group(folder.strip("/").replace("/", "-")))
