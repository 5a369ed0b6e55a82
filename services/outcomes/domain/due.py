"""When something becomes reportable, and the mark that makes each report happen once.

A review due on D is reported due soon from D - 7 days (the contract's "within 7 days") and
overdue from D + 1; an open action due on D is overdue from D + 1. The read models keep these
"report from" dates in indexed columns, set to NULL once reported (or when nothing is to be
reported: a closed enquiry, a done action), so the sweeper's query reads only what is due.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

ONE_DAY = timedelta(days=1)
DUE_SOON = timedelta(days=7)


class DueKind(StrEnum):
    REVIEW_DUE_SOON = "review-due-soon"
    REVIEW_OVERDUE = "review-overdue"
    ACTION_OVERDUE = "action-overdue"


def mark_stream_id(kind: DueKind, item_id: UUID, due_on: date) -> str:
    """The event-store stream that holds the one report of `kind` for this item and due date.

    It is appended at expected version 0: whoever appends second (another replica, or this one
    after a restart) gets a ConcurrencyError, so the report exists once. A new due date is a new
    stream: it re-arms the report.
    """
    return f"{kind.value}:{item_id.hex}:{due_on:%Y%m%d}"


def review_report_dates(
    due_on: date | None,
    *,
    soon_reported: bool,
    overdue_reported: bool,
    sweeping: bool,
) -> tuple[date | None, date | None]:
    """(report due soon from, report overdue from) for an enquiry's next review."""
    if due_on is None or not sweeping or overdue_reported:
        return None, None
    soon_from = None if soon_reported else due_on - DUE_SOON
    return soon_from, due_on + ONE_DAY


def action_report_date(due_on: date, *, reported: bool, sweeping: bool) -> date | None:
    """When an action becomes reportable overdue; None once reported, or if not open."""
    return None if reported or not sweeping else due_on + ONE_DAY
