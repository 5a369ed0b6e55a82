"""Small helpers the projections share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, and_, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection


async def upsert(
    conn: AsyncConnection, table: Table, key: dict[str, Any], values: dict[str, Any]
) -> None:
    """Update the row with this key, or insert it: the same statements on both backends."""
    condition = and_(*(table.c[name] == value for name, value in key.items()))
    result = await conn.execute(update(table).where(condition).values(**values))
    if result.rowcount == 0:
        await conn.execute(insert(table).values(**key, **values))


async def change(conn: AsyncConnection, table: Table, key: dict[str, Any], **values: Any) -> None:
    condition = and_(*(table.c[name] == value for name, value in key.items()))
    await conn.execute(update(table).where(condition).values(**values))
