"""Read models: kept by projections that apply events inside the writing transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.events import DomainEvent, EventEnvelope, EventRegistry


@dataclass(frozen=True, slots=True)
class Recorded:
    """One stored event: its envelope and its typed payload."""

    envelope: EventEnvelope
    event: DomainEvent


class Projection(Protocol):
    """Keeps one read model. Pure with respect to the database: replaying its events rebuilds it.

    `apply` receives every event of a transaction that it handles, in order, so that it can write
    them with one statement (per-statement cost dominates SQL writes: DESIGN.md section 8).
    """

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

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None: ...


async def apply_to_projections(
    conn: AsyncConnection, projections: Sequence[Projection], events: Sequence[Recorded]
) -> None:
    """Give each projection, in order, the events it handles."""
    for projection in projections:
        handled = [r for r in events if r.envelope.event_type in projection.handles]
        if handled:
            await projection.apply(conn, handled)


def decode_all(registry: EventRegistry, envelopes: Sequence[EventEnvelope]) -> list[Recorded]:
    return [Recorded(envelope, registry.decode(envelope)) for envelope in envelopes]
