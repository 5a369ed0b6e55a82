"""Read models: kept by projections that apply events inside the writing transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.events import DomainEvent, EventEnvelope, EventRegistry


class Projection(Protocol):
    """Keeps one read model. Pure with respect to the database: replaying its events rebuilds it."""

    @property
    def name(self) -> str: ...

    @property
    def tables(self) -> Sequence[Table]:
        """The tables it owns, emptied before a replay."""
        ...

    @property
    def handles(self) -> frozenset[str]:
        """The event types it applies."""
        ...

    async def apply(
        self, conn: AsyncConnection, envelope: EventEnvelope, event: DomainEvent
    ) -> None: ...


async def apply_to_projections(
    conn: AsyncConnection,
    projections: Sequence[Projection],
    registry: EventRegistry,
    envelope: EventEnvelope,
) -> None:
    """Apply one event to every projection that handles its type (decoded once)."""
    event: DomainEvent | None = None
    for projection in projections:
        if envelope.event_type in projection.handles:
            event = event or registry.decode(envelope)
            await projection.apply(conn, envelope, event)
