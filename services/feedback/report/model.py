"""The board report as plain data: titled tables of cells, exact or published."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from services.feedback.report.suppression import publish_count, publish_measure


@dataclass(frozen=True)
class Count:
    value: int

    def published(self) -> int | str:
        return publish_count(self.value)


@dataclass(frozen=True)
class Measure:
    """A median or an average, with the number of enquiries it was computed over."""

    value: float | None
    base: int

    def published(self) -> float | str | None:
        return publish_measure(self.value, self.base)


Cell = Count | Measure


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def cell(self, row: str, column: str) -> Cell:
        index = self.columns.index(column)
        return next(r.cells[index] for r in self.rows if r.label == row)


@dataclass(frozen=True)
class BoardReport:
    period_from: date
    period_to: date  # exclusive
    agency_id: str | None  # None: every agency
    tables: tuple[Table, ...] = field(default=())

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def last_day(self) -> date:
        """The period's last day, as people write a period ("1 April to 30 June")."""
        return self.period_to - timedelta(days=1)


def cell_value(cell: Cell, publication: bool) -> int | float | str | None:
    if publication:
        return cell.published()
    return cell.value


def to_json(report: BoardReport, *, publication: bool) -> dict[str, Any]:
    return {
        "from": report.period_from.isoformat(),
        "to": report.last_day.isoformat(),
        "agency": report.agency_id,
        "mode": "publication" if publication else "exact",
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "columns": list(table.columns),
                "rows": [
                    {
                        "label": row.label,
                        "cells": [cell_value(c, publication) for c in row.cells],
                    }
                    for row in table.rows
                ],
            }
            for table in report.tables
        ],
    }


def to_csv(report: BoardReport, *, publication: bool) -> str:
    """One CSV for the whole report: table, row, column, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value"])
    for table in report.tables:
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                value = cell_value(cell, publication)
                writer.writerow([table.title, row.label, column, "" if value is None else value])
    return out.getvalue()


def with_tables(report: BoardReport, *tables: Table) -> BoardReport:
    return replace(report, tables=report.tables + tables)
