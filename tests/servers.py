"""Where the tests' real Redis and PostgreSQL come from (DESIGN.md section 6).

`MSP_TEST_REDIS_URL` / `MSP_TEST_POSTGRES_URL` when set (CI sets both); else testcontainers
where a Docker engine answers; else the embedded redis-server, and PostgreSQL tests are skipped
(under CI they fail instead: CI must exercise both backends).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from shared.embedded_redis import EmbeddedRedis


def docker_engine_answers() -> bool:
    with contextlib.suppress(Exception):
        import docker

        docker.from_env(timeout=2).ping()
        return True
    return False


def for_this_worker(redis_url: str) -> str:
    """Under pytest-xdist each worker gets its own database (the given one, then the next):
    tests empty their database, and two workers must never empty each other's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    offset = int(worker.removeprefix("gw") or 0)
    parts = urlsplit(redis_url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(database + offset) % 16}"))


@contextlib.contextmanager
def redis_server(scratch: Path) -> Iterator[str]:
    if url := os.environ.get("MSP_TEST_REDIS_URL"):
        yield for_this_worker(url)
    elif docker_engine_answers():
        from testcontainers.redis import RedisContainer

        with RedisContainer("redis:7") as container:
            host, port = container.get_container_host_ip(), container.get_exposed_port(6379)
            yield f"redis://{host}:{port}/0"
    else:
        embedded = EmbeddedRedis(scratch / "redis", persistent=False).start()
        try:
            yield embedded.url
        finally:
            embedded.stop()


@contextlib.contextmanager
def postgres_server() -> Iterator[str | None]:
    """A libpq URL of a PostgreSQL whose user may create databases, or None."""
    if url := os.environ.get("MSP_TEST_POSTGRES_URL"):
        yield url
    elif docker_engine_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:15", driver=None) as container:
            yield container.get_connection_url()
    else:
        yield None
