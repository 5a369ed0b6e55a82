"""Whether another enquiry already holds a client-chosen id.

Outcome, review and action ids may be chosen by the client, and the read models key on them
alone; a clash would otherwise surface as the database's unique key failing the shared commit
(a 500 for this command and for every append committed with it). The command handler looks the
id up before deciding, and the decision refuses it by name. Two commands racing with one new id
on two enquiries could both pass the look-up; a client-chosen UUID reused at the same moment is
not worth a lock."""

from __future__ import annotations

from typing import NamedTuple
from uuid import UUID

from sqlalchemy import Table, select

from services.outcomes.tables import actions, desired_outcomes, reviews
from shared.eventstore.database import Database

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
    query = select(table.c.enquiry_id).where(table.c[new_id.field] == new_id.value)
    async with db.read() as conn:
        holder = await conn.scalar(query)
    return frozenset({new_id.value}) if holder is not None and holder != enquiry_id else frozenset()
