"""Names of people in one agency, from the portal's own accounts: who a timeline entry's user
id is, and who could take the lead. Only the viewer's own agency: the portal does not tell one
agency the names of another's staff."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from services.portal.tables import users
from shared.auth import Role
from shared.eventstore.database import Database


async def names_in_agency(
    db: Database, agency_id: str, user_ids: Collection[str]
) -> dict[str, str]:
    """user id -> display name, for those of `user_ids` who have an account in the agency."""
    if not user_ids:
        return {}
    query = select(users.c.user_id, users.c.display_name).where(
        users.c.agency_id == agency_id, users.c.user_id.in_(sorted(set(user_ids)))
    )
    async with db.read() as conn:
        rows = (await conn.execute(query)).all()
    return {str(user_id): str(name) for user_id, name in rows}


async def colleagues(
    db: Database, agency_id: str, roles: Collection[Role]
) -> list[tuple[str, str]]:
    """(user id, display name) of the agency's people in `roles`, by name."""
    query = (
        select(users.c.user_id, users.c.display_name)
        .where(users.c.agency_id == agency_id, users.c.role.in_([r.value for r in roles]))
        .order_by(users.c.display_name, users.c.user_id)
    )
    async with db.read() as conn:
        rows = (await conn.execute(query)).all()
    return [(user_id, name) for user_id, name in rows]
