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

from sqlalchemy import Select, Table, bindparam, func, insert, select
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
    await conn.execute(unnest_insert(table, names), as_arrays(rows, names))


@cache
def unnest_insert(table: Table, names: tuple[str, ...]) -> Insert:
    """PostgreSQL: `INSERT INTO table (names) SELECT unnest(:name), ...`, run with
    `as_arrays(rows, names)`."""
    return insert(table).from_select([table.c[name] for name in names], unnest_select(table, names))


def unnest_select(table: Table, names: Sequence[str]) -> Select[Any]:
    """`SELECT unnest(:name), ...`: the rows given by `as_arrays`, typed as `table`'s columns. Several
    unnest() in one select list are read in step (PostgreSQL 10+): row i of each."""
    return select(
        *(
            func.unnest(bindparam(name, type_=ARRAY(table.c[name].type))).label(name)
            for name in names
        )
    )


def as_arrays(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> dict[str, list[Any]]:
    """The parameters of `unnest_insert`: one list per column."""
    return {name: [row[name] for row in rows] for name in names}
