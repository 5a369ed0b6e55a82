"""The backbone tables every service database has: its events and its consumer inbox."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)

from shared.eventstore.types import UTCDateTime

backbone_metadata = MetaData()

events = Table(
    "events",
    backbone_metadata,
    Column("stream_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("position", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("event_type", String(100), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("occurred_at", UTCDateTime(), nullable=False),
    Column("actor", JSON, nullable=False),
    Column("correlation_id", String(64), nullable=False),
    Column("causation_id", String(64)),
    Column("payload", JSON, nullable=False),
    Index("ix_events_position", "position", unique=True),
)

# One row per event a consumer group has applied: the guard against applying one twice, and the
# record of received facts from which `msp replay` rebuilds the group's read models, in the
# publisher's position order (a group reads one stream).
inbox = Table(
    "inbox",
    backbone_metadata,
    Column("consumer_group", String(100), primary_key=True),
    Column("event_id", Uuid, primary_key=True),
    Column("position", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("envelope", Text, nullable=False),
    Column("applied_at", UTCDateTime(), nullable=False),
    Index("ix_inbox_group_position", "consumer_group", "position"),
)
