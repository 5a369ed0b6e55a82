"""The history of an enquiry's outcomes, read from its events: every recording and change with
the old and new words, the reason, who agreed, who recorded it and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from shared.eventstore.store import EventStore


class HistoryEntry(BaseModel):
    version: int
    event_type: str
    occurred_at: datetime
    recorded_by: str
    outcome_id: UUID | None
    details: dict[str, Any]


async def outcome_history(
    store: EventStore, enquiry_id: UUID, outcome_id: UUID | None = None
) -> list[HistoryEntry]:
    entries = []
    for envelope in await store.load(str(enquiry_id)):
        about = envelope.payload.get("outcome_id")
        if outcome_id is not None and about != str(outcome_id):
            continue
        entries.append(
            HistoryEntry(
                version=envelope.version,
                event_type=envelope.event_type,
                occurred_at=envelope.occurred_at,
                recorded_by=envelope.actor.user_id,
                outcome_id=about,
                details={k: v for k, v in envelope.payload.items() if k != "enquiry_id"},
            )
        )
    return entries
