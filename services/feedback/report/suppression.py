"""Publication mode: small numbers suppressed so that no one can be recognised.

Counts below 5 (0 included: a published zero would tell as much) are shown as `[c]`; every
other count is rounded to the nearest 5. A measure (a median, an average) over fewer than 5
enquiries is suppressed too. Totals are rounded from the exact total, never summed from the
rounded cells, so the published cells of a table need not add up: that is what keeps a
suppressed cell from being worked out by subtraction.
"""

from __future__ import annotations

SUPPRESSED = "[c]"
THRESHOLD = 5
BASE = 5


def publish_count(count: int) -> int | str:
    if count < 0:
        msg = "a count cannot be negative"
        raise ValueError(msg)
    if count < THRESHOLD:
        return SUPPRESSED
    # Integers never fall half-way between multiples of 5, so there is no tie to break.
    return BASE * ((count + BASE // 2) // BASE)


def publish_measure(value: float | None, base: int) -> float | str | None:
    """A measure computed over `base` enquiries, or None when there is nothing to measure."""
    if value is None:
        return None
    if base < THRESHOLD:
        return SUPPRESSED
    return round(value, 1)
