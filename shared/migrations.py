"""Alembic for every service: one migrations folder per service, run with its own database."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Integer,
    MetaData,
    String,
    Text,
    Uuid,
    create_engine,
    pool,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from shared.eventstore.database import prepare_sqlite_file
from shared.eventstore.types import UTCDateTime


def alembic_config(script_location: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(script_location: Path, database_url: str, revision: str = "head") -> None:
    """Bring a service's database to `revision`. Synchronous: call it before the event loop or
    from a thread (`asyncio.to_thread`)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        prepare_sqlite_file(url.database)
    command.upgrade(alembic_config(script_location, database_url), revision)


def run_env(target_metadata: MetaData) -> None:
    """The body of every service's `env.py`."""
    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    parsed = make_url(url or "")
    if parsed.get_backend_name() == "sqlite":
        # SQLite migrates through the standard library's driver: no event loop in a thread, and
        # no aiosqlite worker to wait on (a test once hung in migrate() on an aiosqlite call
        # that never completed, its worker idle).
        engine = create_engine(parsed.set(drivername="sqlite"), poolclass=pool.NullPool)
        with engine.connect() as connection:
            _migrate(connection, target_metadata)
            connection.commit()
        engine.dispose()
        return
    asyncio.run(_run_online(url or "", target_metadata))


async def _run_online(url: str, target_metadata: MetaData) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_migrate, target_metadata)
    await engine.dispose()


def _migrate(connection: Connection, target_metadata: MetaData) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def create_backbone_tables_v1() -> None:
    """The event store and inbox as first released; later changes get migrations of their own."""
    position = BigInteger().with_variant(Integer, "sqlite")
    op.create_table(
        "events",
        Column("stream_id", String(64), primary_key=True),
        Column("version", Integer, primary_key=True),
        Column("position", position, nullable=False),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("event_type", String(100), nullable=False),
        Column("schema_version", Integer, nullable=False),
        Column("occurred_at", UTCDateTime(), nullable=False),
        Column("actor", JSON, nullable=False),
        Column("correlation_id", String(64), nullable=False),
        Column("causation_id", String(64)),
        Column("payload", JSON, nullable=False),
    )
    op.create_index("ix_events_position", "events", ["position"], unique=True)
    op.create_table(
        "inbox",
        Column("consumer_group", String(100), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("position", position, nullable=False),
        Column("event_type", String(100), nullable=False),
        Column("envelope", Text, nullable=False),
        Column("applied_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_inbox_group_position", "inbox", ["consumer_group", "position"])


def drop_backbone_tables_v1() -> None:
    op.drop_table("inbox")
    op.drop_table("events")
