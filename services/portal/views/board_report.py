"""The board report page's rules (pure): the filters read from the address, the default period,
which tables get a chart, and the CSV download built from the report's JSON."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from services.portal.forms import FormErrors
from services.portal.views.bar_chart import bar_chart, bars_of

# The tables drawn as charts (their first column): codes and bands, not per-agency tables.
CHARTED = frozenset(
    {
        "time_to_closure",
        "outcomes_asked",
        "outcomes_achieved",
        "risk_types",
        "risk_locations",
        "risk_sources",
        "risk_assessment",
        "risk_outcomes",
        "capacity",
        "capacity_support",
        "feedback_requests",
    }
)
MODES = ("publication", "exact")


@dataclass
class Filters:
    """What the form says, as typed, and what it means once checked."""

    first: str
    last: str
    agency: str
    mode: str
    errors: FormErrors = field(default_factory=FormErrors)

    def params(self) -> dict[str, str]:
        """The report's query: for the service, and for the CSV link."""
        params = {"from": self.first, "to": self.last, "mode": self.mode}
        if self.agency:
            params["agency"] = self.agency
        return params


def last_quarter(today: date) -> tuple[date, date]:
    """The last whole calendar quarter before `today`: the board's usual period."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_day = this_quarter - timedelta(days=1)
    return date(last_day.year, 3 * ((last_day.month - 1) // 3) + 1, 1), last_day


def read_filters(query: dict[str, str], today: date) -> Filters:
    first, last = last_quarter(today)
    filters = Filters(
        first=query.get("from", "").strip() or first.isoformat(),
        last=query.get("to", "").strip() or last.isoformat(),
        agency=query.get("agency", "").strip().lower(),
        mode=query.get("mode", "publication"),
    )
    starts = _date(filters.first)
    ends = _date(filters.last)
    if starts is None:
        filters.errors.add("from", "Enter the first day as a date, for example 2026-04-01")
    if ends is None:
        filters.errors.add("to", "Enter the last day as a date, for example 2026-06-30")
    if starts and ends and ends < starts:
        filters.errors.add("to", "The last day must be the same as or after the first day")
    if filters.mode not in MODES:
        filters.errors.add("mode", "Choose publication or exact figures")
        filters.mode = "publication"
    return filters


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def charts_of(report: dict[str, Any]) -> dict[str, Markup]:
    """An SVG chart for each charted table, by table key."""
    return {
        table["key"]: bar_chart(f"chart-{table['key']}", table["title"], bars_of(table["rows"]))
        for table in report.get("tables", [])
        if table["key"] in CHARTED
    }


def csv_of(report: dict[str, Any]) -> str:
    """The report as the service's CSV: table, row, column, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value"])
    for table in report.get("tables", []):
        for row in table["rows"]:
            for column, value in zip(table["columns"], row["cells"], strict=True):
                writer.writerow(
                    [table["title"], row["label"], column, "" if value is None else value]
                )
    return out.getvalue()


def csv_name(filters: Filters) -> str:
    return f"board-report-{filters.first}-to-{filters.last}-{filters.mode}.csv"
