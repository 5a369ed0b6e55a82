"""Whether another enquiry already holds a client-chosen outcome, review or action id
(`shared.eventstore.ownership` says why commands ask)."""

from __future__ import annotations

from typing import NamedTuple
from uuid import UUID

from sqlalchemy import Table

from services.outcomes.tables import actions, desired_outcomes, reviews
from shared.eventstore.database import Database
from shared.eventstore.ownership import held_by_another_enquiry

TABLES: dict[str, Table] = {
    "outcome_id": desired_outcomes,
    "review_id": reviews,
    "action_id": actions,
}


class NewId(NamedTuple):
    field: str  # "outcome_id", "review_id" or "action_id"
    value: UUID


async def used_elsewhere(db: Database, enquiry_id: UUID, new_id: NewId) -> frozenset[UUID]:
    """`{new_id.value}` if an enquiry other than `enquiry_id` holds it, else nothing."""
    table = TABLES[new_id.field]
    if await held_by_another_enquiry(db, table, new_id.field, new_id.value, enquiry_id):
        return frozenset({new_id.value})
    return frozenset()
