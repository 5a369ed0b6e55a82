"""Many rows into one table with one statement, on both backends.

SQLAlchemy runs a list of rows on asyncpg as `executemany`: one Bind/Execute per row, and with
`plan_cache_mode=force_custom_plan` (database.py) PostgreSQL plans each of them again. Here the
rows go as one array per column into `INSERT ... SELECT * FROM unnest(...)`: one statement, one
plan, whatever the number of rows, and its text never changes, so asyncpg prepares it once per
connection. SQLite's `executemany` stays: it runs in C in one hop to aiosqlite's thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import Insert


async def insert_rows(
    conn: AsyncConnection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Insert `rows` (each with the same keys) into `table`."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        await conn.execute(insert(table), rows)
        return
    names = tuple(rows[0])
    await conn.execute(
        _unnest_insert(table, names), {name: [row[name] for row in rows] for name in names}
    )


@cache
def _unnest_insert(table: Table, names: tuple[str, ...]) -> Insert:
    # Several unnest() in one select list are read in step (PostgreSQL 10+): row i of each.
    arrays = [
        func.unnest(bindparam(name, type_=ARRAY(table.c[name].type))).label(name) for name in names
    ]
    return insert(table).from_select([table.c[name] for name in names], select(*arrays))
