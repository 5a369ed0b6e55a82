"""Whether a client-chosen id already belongs to another enquiry.

Services let clients choose the ids of what they record (risks, outcomes, reviews, actions) and
key read models on those ids alone. A command handler asks this before deciding, so that the
domain refuses a clash by name (a 4xx naming the field) instead of the read model's unique key
failing the append (a 500). Two commands racing with one new id on two enquiries could both
pass the look-up; a client-chosen UUID reused at the same moment is not worth a lock."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Table, select

from shared.eventstore.database import Database


async def held_by_another_enquiry(
    db: Database, table: Table, id_column: str, value: UUID, enquiry_id: UUID
) -> bool:
    """Whether a row of `table` other than `enquiry_id`'s has `value` in `id_column`."""
    query = select(table.c.enquiry_id).where(table.c[id_column] == value)
    async with db.read() as conn:
        holder = await conn.scalar(query)
    return holder is not None and holder != enquiry_id
