"""Engines for the two backends, set up so that writers serialise and positions follow commits."""

from __future__ import annotations

import contextlib
import math
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pydantic_core
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 30_000
# SQLite's planner has no statistics until ANALYZE runs, and without them it guesses: with
# 10,000 enquiries it read a whole agency's rows by the agency index rather than 50 by their
# primary key (the caseload's due flags: 2.5 ms instead of 0.08). PostgreSQL's autovacuum
# keeps its statistics; for SQLite the writer refreshes them after a write, at most this often.
SQLITE_ANALYZE_EVERY_S = 30.0
# Rows ANALYZE looks at per index: enough for the planner, and it keeps ANALYZE at a few ms.
SQLITE_ANALYSIS_LIMIT = 400


def to_json(value: Any) -> str:
    """JSON columns' text, written by pydantic's serializer (Rust): about a fifth of the cost of
    `json.dumps` on the event store's hot path (payload, actor, a record's detail per event). The
    text is compact and keeps non-ASCII characters as they are; what it decodes to is unchanged."""
    return pydantic_core.to_json(value).decode()


class Database:
    """One service's database: a writer engine and a reader engine (the same one on PostgreSQL).

    SQLite's writer begins every transaction with BEGIN IMMEDIATE so that two writers queue for
    the lock instead of failing on upgrade; readers stay deferred and never block in WAL mode.
    """

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            prepare_sqlite_file(self.url.database)
            self.writer = _sqlite_engine(url, immediate=True)
            self.reader = _sqlite_engine(url, immediate=False)
            self._analyzed_at = -math.inf
            self._statistics: list[Any] = []
        else:
            # asyncpg prepares every statement, and PostgreSQL switches a prepared statement to a
            # generic plan after five runs. Planned while a table is small (a new service, a
            # bench), that plan is a sequential scan, kept as the table grows: appends fell from
            # ~3,000/s to ~900/s over 20,000 events. A custom plan per run sees the table's size.
            self.writer = create_async_engine(
                url,
                pool_size=pool_size,
                max_overflow=pool_size,
                connect_args={"server_settings": {"plan_cache_mode": "force_custom_plan"}},
                json_serializer=to_json,
            )
            self.reader = self.writer

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction: committed on exit, rolled back on error."""
        async with self.writer.begin() as conn:
            yield conn
        if self.is_sqlite and time.monotonic() - self._analyzed_at >= SQLITE_ANALYZE_EVERY_S:
            await self.refresh_statistics()

    async def refresh_statistics(self) -> None:
        """SQLite: ANALYZE (bounded by SQLITE_ANALYSIS_LIMIT, a few ms), then, if the statistics
        changed, new reader connections: a connection keeps the statistics it loaded when it
        opened. (`PRAGMA optimize` would analyse only what changed, but SQLite 3.40's looks only
        at tables this connection has queried, and the writer does not run the reads.)"""
        self._analyzed_at = time.monotonic()
        async with self.writer.begin() as conn:
            await conn.exec_driver_sql(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            await conn.exec_driver_sql("ANALYZE")
            statistics = list((await conn.exec_driver_sql("SELECT * FROM sqlite_stat1")).all())
        if statistics != self._statistics:
            self._statistics = statistics
            # Idle readers close now; readers in use close when they are given back.
            await self.reader.dispose()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self.reader.connect() as conn:
            yield conn

    async def ping(self) -> None:
        async with self.reader.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.writer.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()


def prepare_sqlite_file(database: str | None) -> None:
    """Create the folder and switch the file to WAL once, before any pool connects: WAL is
    persistent, and two connections racing to switch it can fail at once with "locked"."""
    if not database or database == ":memory:":
        return
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(
        sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    ) as conn:
        conn.execute("PRAGMA journal_mode=WAL")


def _sqlite_engine(url: str, *, immediate: bool) -> AsyncEngine:
    # NullPool for the writer would reopen the file each time; a small pool keeps it warm.
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        "json_serializer": to_json,
    }
    if ":memory:" in url:
        kwargs["poolclass"] = NullPool
    engine = create_async_engine(url, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy issue BEGIN itself (pysqlite's own BEGIN handling breaks SAVEPOINT).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
