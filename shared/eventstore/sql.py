"""SQL shapes that behave well on both backends."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY


def one_of(
    column: ColumnElement[Any], values: Collection[Any], *, sqlite: bool
) -> ColumnElement[bool]:
    """`column IN (...)`. On PostgreSQL `= ANY(:array)` instead: one statement text whatever the
    number of values, so asyncpg prepares it once rather than once per list length (measured:
    5.8 ms a query for 50 ids with IN, which is most of a group commit)."""
    if sqlite:
        return column.in_(values)
    return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
