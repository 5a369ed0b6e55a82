"""Applies received events for one consumer group: effects and inbox rows in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.clock import Clock, SystemClock
from shared.events import EventEnvelope, EventRegistry
from shared.eventstore.bulk import as_arrays, unnest_select
from shared.eventstore.database import Database
from shared.eventstore.schema import inbox
from shared.metrics import EVENTS_APPLIED, EVENTS_DUPLICATE
from shared.projections import Projection, apply_to_projections, decode_all

INBOX_COLUMNS = ("consumer_group", "event_id", "position", "event_type", "envelope", "applied_at")


class EventApplier:
    def __init__(
        self,
        db: Database,
        *,
        group: str,
        registry: EventRegistry,
        projections: Sequence[Projection],
        clock: Clock | None = None,
    ) -> None:
        self._clock = clock or SystemClock()
        self.db = db
        self.group = group
        self.registry = registry
        self.projections = tuple(projections)
        self.event_types = frozenset().union(*(p.handles for p in self.projections))

    def wants(self, envelope: EventEnvelope) -> bool:
        return envelope.event_type in self.event_types

    async def apply(
        self,
        envelopes: Sequence[EventEnvelope],
        *,
        received: Mapping[UUID, bytes] | None = None,
    ) -> int:
        """Apply every event not applied before, all in one transaction; the number applied.

        `received`: the JSON each envelope arrived as, by event id (the live subscriber has it),
        stored in the inbox as it came instead of dumping the envelope to JSON again.
        Raises if any one fails, and then nothing of the batch is applied.
        """
        wanted = [e for e in envelopes if self.wants(e)]
        if not wanted:
            return 0
        async with self.db.write() as conn:
            fresh = await self._claim_in_inbox(conn, wanted, received or {})
            if fresh:
                await apply_to_projections(conn, self.projections, decode_all(self.registry, fresh))
        EVENTS_DUPLICATE.labels(self.group).inc(len(wanted) - len(fresh))
        EVENTS_APPLIED.labels(self.group).inc(len(fresh))
        return len(fresh)

    async def _claim_in_inbox(
        self,
        conn: AsyncConnection,
        envelopes: list[EventEnvelope],
        received: Mapping[UUID, bytes],
    ) -> list[EventEnvelope]:
        """Insert the inbox rows, skipping those already there, and learn which were new from
        RETURNING: one statement, and no lookup whose plan depends on the inbox's statistics
        (PostgreSQL) or that costs a round trip of its own. A concurrent applier of the same
        event waits for the first one's transaction (PostgreSQL's row lock, SQLite's single
        writer), then skips it. On PostgreSQL the rows go as arrays through one fixed statement
        (shared/eventstore/bulk.py), not a VALUES list rendered anew for every batch size."""
        unique = list({e.event_id: e for e in envelopes}.values())
        now = self._clock.now()
        rows = [self._inbox_row(e, received.get(e.event_id), now) for e in unique]
        if self.db.is_sqlite:
            result = await conn.execute(_CLAIM_SQLITE, rows)
        else:
            result = await conn.execute(_CLAIM_POSTGRESQL, as_arrays(rows, INBOX_COLUMNS))
        claimed = set(result.scalars())
        return [e for e in unique if e.event_id in claimed]

    def _inbox_row(
        self, envelope: EventEnvelope, received: bytes | None, now: datetime
    ) -> dict[str, Any]:
        return {
            "consumer_group": self.group,
            "event_id": envelope.event_id,
            "position": envelope.position,
            "event_type": envelope.event_type,
            "envelope": received.decode() if received else envelope.model_dump_json(),
            "applied_at": now,
        }


_INBOX_KEY = [inbox.c.consumer_group, inbox.c.event_id]
_CLAIM_SQLITE = (
    sqlite_insert(inbox)
    .on_conflict_do_nothing(index_elements=_INBOX_KEY)
    .returning(inbox.c.event_id)
)
_CLAIM_POSTGRESQL = (
    pg_insert(inbox)
    .from_select(
        [inbox.c[name] for name in INBOX_COLUMNS],
        unnest_select(inbox, INBOX_COLUMNS),
    )
    .on_conflict_do_nothing(index_elements=_INBOX_KEY)
    .returning(inbox.c.event_id)
)
