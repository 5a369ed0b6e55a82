"""Accessible inline SVG bar charts of the board report's tables (pure: figures in, markup out).

Each chart is an image with a title and a description (`role="img"`, `aria-labelledby`), drawn
in GOV.UK colours: bars in GOV.UK blue (#1d70b8, 5.2:1 against white, above the 3:1 that
graphics need) and text in GOV.UK black (#0b0c0c). Every bar carries its value in words beside
it, so nothing depends on colour or on reading lengths, and the same figures are in the table
under the chart (the description says so). A suppressed figure (`[c]`) draws no bar and says
"fewer than 5"; "Total" rows are left out, since a total bar would dwarf the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BLUE = "#1d70b8"
BLACK = "#0b0c0c"
GREY = "#505a5f"  # GOV.UK dark grey: 7:1 against white, for the axis line
WIDTH = 640
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
ROW_GAP = 12
VALUE_ROOM = 110  # room right of the longest bar for its value in words
SUPPRESSED = "[c]"
TOTAL = "Total"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | str | None


def bars_of(rows: Sequence[dict[str, object]], column: int = 0) -> list[Bar]:
    """The bars of one column of a report table's rows (`{label, cells}`), totals left out."""
    bars = []
    for row in rows:
        label, cells = str(row["label"]), row["cells"]
        if label == TOTAL or not isinstance(cells, list):
            continue
        value = cells[column]
        bars.append(Bar(label, value if isinstance(value, int | float | str) else None))
    return bars


def _spoken(value: int | float | str | None) -> str:
    if value == SUPPRESSED:
        return "fewer than 5"
    if value is None:
        return "none"
    return f"{value:,}" if isinstance(value, int) else str(value)


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar]) -> Markup:
    """An SVG bar chart, one horizontal bar a row, the label above its bar."""
    numbers = [b.value for b in bars if isinstance(b.value, int | float)]
    largest = max(numbers, default=0) or 1
    row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = max(len(bars), 1) * row_height
    scale = (WIDTH - VALUE_ROOM) / largest
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="msp-chart" role="img" aria-labelledby="{title_id} {desc_id}"'
        f' viewBox="0 0 {WIDTH} {height}" width="100%" focusable="false"'
        f' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(_description(bars))}</desc>',
    ]
    for i, bar in enumerate(bars):
        top = i * row_height
        length = bar.value * scale if isinstance(bar.value, int | float) else 0
        parts.append(
            f'<text x="0" y="{top + 15}" fill="{BLACK}" font-size="16">{escape(bar.label)}</text>'
        )
        if length:
            parts.append(
                f'<rect x="0" y="{top + LABEL_HEIGHT}" width="{length:.1f}"'
                f' height="{BAR_HEIGHT}" fill="{BLUE}"/>'
            )
        parts.append(
            f'<text x="{length + 6:.1f}" y="{top + LABEL_HEIGHT + 14}" fill="{BLACK}"'
            f' font-size="16">{escape(_spoken(bar.value))}</text>'
        )
    parts.append(f'<line x1="0" y1="0" x2="0" y2="{height}" stroke="{GREY}" stroke-width="2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def _description(bars: Sequence[Bar]) -> str:
    if not bars:
        return "No figures. The table below gives the same figures."
    said = "; ".join(f"{b.label}: {_spoken(b.value)}" for b in bars)
    return f"Bar chart. {said}. The table below gives the same figures."
