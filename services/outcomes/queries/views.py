"""Who viewed an enquiry's outcomes, and when."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select

from services.outcomes.tables import record_views
from shared.eventstore.database import Database


class View(BaseModel):
    user_id: str
    agency_id: str
    what: str
    viewed_at: datetime


async def record_views_of(db: Database, enquiry_id: UUID, *, limit: int, offset: int) -> list[View]:
    query = (
        select(record_views)
        .where(record_views.c.enquiry_id == enquiry_id)
        .order_by(record_views.c.viewed_at.desc(), record_views.c.event_id)
        .limit(limit)
        .offset(offset)
    )
    async with db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    return [View.model_validate(dict(row)) for row in rows]
