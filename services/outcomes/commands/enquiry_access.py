"""Which enquiries an actor may touch: those their agency leads, as intake last told us."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from services.outcomes.tables import enquiry_leads
from shared.auth import Actor
from shared.eventstore.database import Database
from shared.http.errors import NotFound


@dataclass(frozen=True)
class Lead:
    enquiry_id: UUID
    agency_id: str
    practitioner_id: str
    closed: bool


async def lead_for(db: Database, enquiry_id: UUID, actor: Actor) -> Lead:
    """The enquiry's lead, if the actor's agency leads it; otherwise NotFound (404), the same
    answer as for an enquiry that does not exist."""
    query = select(enquiry_leads).where(
        enquiry_leads.c.enquiry_id == enquiry_id,
        enquiry_leads.c.lead_agency_id == actor.agency_id,
    )
    async with db.read() as conn:
        row = (await conn.execute(query)).mappings().first()
    if row is None:
        raise NotFound
    return Lead(enquiry_id, row["lead_agency_id"], row["lead_practitioner_id"], row["closed"])
