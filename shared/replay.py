"""`msp replay <service>`: rebuild a service's read models from the facts it holds.

Its own events come from its event store; other services' events from its inbox (each consumer
group keeps the envelopes it applied). Everything happens in one transaction, under the same
locks that appends and consumers take, so readers see the old models until the new ones commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import Table, delete, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.events import EventEnvelope
from shared.eventstore.database import Database
from shared.eventstore.schema import events as events_table
from shared.eventstore.schema import inbox
from shared.eventstore.store import EventStore, envelope_from_row
from shared.messaging.names import consumer_group
from shared.projections import Projection, apply_to_projections, decode_all
from shared.runtime import ServiceDefinition

CHUNK = 2_000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class ReplayReport:
    own_events: int
    received_events: int
    tables: tuple[str, ...]


async def count_facts(db: Database, definition: ServiceDefinition) -> int:
    groups = [consumer_group(definition.name, s.purpose) for s in definition.subscriptions]
    async with db.read() as conn:
        own = await conn.scalar(select(text("count(*)")).select_from(events_table))
        received = await conn.scalar(
            select(text("count(*)")).select_from(inbox).where(inbox.c.consumer_group.in_(groups))
        )
    return int(own or 0) + int(received or 0)


async def replay(
    db: Database, definition: ServiceDefinition, progress: Progress | None = None
) -> ReplayReport:
    advance = progress or (lambda _n: None)
    tables = _tables_of(definition)
    async with db.write() as conn:
        if not db.is_sqlite:
            # Block appends (the store's advisory lock) and consumers (inbox inserts) meanwhile.
            await conn.execute(
                text("SELECT pg_advisory_xact_lock(:key)"),
                {"key": EventStore.lock_key_of(definition.name)},
            )
            await conn.execute(text("LOCK TABLE inbox IN SHARE ROW EXCLUSIVE MODE"))
        for table in reversed(tables):
            await conn.execute(delete(table))
        own = await _replay_own(conn, definition, advance)
        received = 0
        for subscription in definition.subscriptions:
            group = consumer_group(definition.name, subscription.purpose)
            received += await _replay_group(
                conn, definition, group, subscription.projections, advance
            )
    return ReplayReport(own, received, tuple(t.name for t in tables))


def _tables_of(definition: ServiceDefinition) -> list[Table]:
    projections = [*definition.own_projections]
    for subscription in definition.subscriptions:
        projections.extend(subscription.projections)
    tables: list[Table] = []
    for projection in projections:
        tables.extend(t for t in projection.tables if t not in tables)
    return tables


async def _replay_own(
    conn: AsyncConnection, definition: ServiceDefinition, advance: Progress
) -> int:
    if not definition.own_projections:
        return 0
    applied, after = 0, 0
    while True:
        query = (
            select(events_table)
            .where(events_table.c.position > after)
            .order_by(events_table.c.position)
            .limit(CHUNK)
        )
        rows = (await conn.execute(query)).mappings().all()
        if not rows:
            return applied
        envelopes = [envelope_from_row(row) for row in rows]
        await apply_to_projections(
            conn, definition.own_projections, decode_all(definition.registry, envelopes)
        )
        applied += len(rows)
        after = int(rows[-1]["position"])
        advance(len(rows))


async def _replay_group(
    conn: AsyncConnection,
    definition: ServiceDefinition,
    group: str,
    projections: Sequence[Projection],
    advance: Progress,
) -> int:
    applied, after, last_id = 0, -1, UUID(int=0)
    while True:
        # Keyset paging on (position, event_id): positions are unique per publisher only.
        query = (
            select(inbox.c.position, inbox.c.event_id, inbox.c.envelope)
            .where(inbox.c.consumer_group == group)
            .where(
                (inbox.c.position > after)
                | ((inbox.c.position == after) & (inbox.c.event_id > last_id))
            )
            .order_by(inbox.c.position, inbox.c.event_id)
            .limit(CHUNK)
        )
        rows = (await conn.execute(query)).all()
        if not rows:
            return applied
        envelopes = [EventEnvelope.model_validate_json(raw) for _position, _event_id, raw in rows]
        await apply_to_projections(conn, projections, decode_all(definition.registry, envelopes))
        applied += len(rows)
        after, last_id = int(rows[-1][0]), rows[-1][1]
        advance(len(rows))
