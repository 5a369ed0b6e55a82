"""Fixtures: real Redis, real SQLite and PostgreSQL, settings pointing at them."""

from __future__ import annotations

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


@pytest.fixture
async def database_url_template(
    backend: str, tmp_path: Path, postgres_url: str | None
) -> AsyncIterator[str]:
    """A `{service}` URL template; on PostgreSQL a fresh database per service, dropped after."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path.as_posix()}/{{service}}.db"
        return
    assert postgres_url is not None
    prefix = f"msp_t{uuid.uuid4().hex[:12]}"
    names = [f"{prefix}_{service}" for service in SERVICE_PORTS]
    admin = await asyncpg.connect(postgres_url)
    try:
        for name in names:
            await admin.execute(f'CREATE DATABASE "{name}"')
        base = make_url(postgres_url).set(drivername="postgresql+asyncpg")
        yield (
            base.set(database=f"{prefix}_{{service}}")
            .render_as_string(hide_password=False)
            .replace("%7B", "{")
            .replace("%7D", "}")
        )
    finally:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


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
