"""Working days: Monday to Friday (bank holidays are not known to the platform yet)."""

from __future__ import annotations

from datetime import datetime, timedelta


def add_working_days(start: datetime, days: int) -> datetime:
    """The same time of day `days` working days later; from a weekend, counting starts Monday."""
    moment = start
    added = 0
    while added < days:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            added += 1
    return moment
