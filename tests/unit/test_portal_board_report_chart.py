"""The board report page's pure parts: the SVG bar chart, the filters and the CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from services.portal.views.bar_chart import Bar, bar_chart, bars_of
from services.portal.views.board_report import csv_of, last_quarter, read_filters

CAPACITY_ROWS: list[dict[str, object]] = [
    {"label": "Yes, they lacked capacity", "cells": [10]},
    {"label": "Don't know", "cells": ["[c]"]},
    {"label": "Total", "cells": [15]},
]
REPORT: dict[str, Any] = {
    "tables": [
        {
            "key": "capacity",
            "title": "Did they lack capacity?",
            "columns": ["Enquiries"],
            "rows": CAPACITY_ROWS,
        },
        {
            "key": "time_to_closure",
            "title": "Time",
            "columns": ["Enquiries", "Median days"],
            "rows": [{"label": "Total", "cells": [7, None]}],
        },
    ]
}


def test_a_chart_is_an_image_with_a_title_a_description_and_every_value_in_words() -> None:
    chart = str(bar_chart("c1", "Risk <types>", bars_of(CAPACITY_ROWS)))

    assert chart.startswith('<svg class="msp-chart" role="img" aria-labelledby="c1-title c1-desc"')
    assert '<title id="c1-title">Risk &lt;types&gt;</title>' in chart
    assert (
        '<desc id="c1-desc">Bar chart. Yes, they lacked capacity: 10; Don&#39;t know: fewer than'
        " 5. The table below gives the same figures.</desc>"
    ) in chart
    assert chart.count("<rect") == 1  # a suppressed figure draws no bar; the total is left out
    assert 'width="530.0"' in chart  # the largest bar fills the width left for values
    assert 'fill="#1d70b8"' in chart
    assert ">fewer than 5</text>" in chart


def test_a_chart_of_nothing_says_so() -> None:
    chart = str(bar_chart("c2", "Empty", [Bar("Physical Abuse", 0)]))

    assert "<rect" not in chart
    assert "Physical Abuse: 0" in chart


def test_the_default_period_is_the_last_whole_quarter() -> None:
    assert last_quarter(date(2026, 11, 27)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert last_quarter(date(2026, 1, 1)) == (date(2025, 10, 1), date(2025, 12, 31))


def test_the_filters_name_each_field_that_is_wrong() -> None:
    fine = read_filters({"agency": " Police ", "mode": "exact"}, date(2026, 11, 27))
    bad = read_filters(
        {"from": "2026-13-01", "to": "2026-06-30", "mode": "raw"}, date(2026, 11, 27)
    )
    backwards = read_filters({"from": "2026-06-30", "to": "2026-04-01"}, date(2026, 11, 27))

    assert not fine.errors
    assert fine.params() == {
        "from": "2026-07-01",
        "to": "2026-09-30",
        "mode": "exact",
        "agency": "police",
    }
    assert list(bad.errors.messages) == ["from", "mode"]
    assert bad.mode == "publication"
    assert backwards.errors.messages == {
        "to": "The last day must be the same as or after the first day"
    }


def test_the_csv_has_a_line_per_cell() -> None:
    rows = list(csv.reader(io.StringIO(csv_of(REPORT))))

    assert rows[0] == ["table", "row", "column", "value"]
    assert rows[2] == ["Did they lack capacity?", "Don't know", "Enquiries", "[c]"]
    assert rows[-1] == ["Time", "Total", "Median days", ""]
