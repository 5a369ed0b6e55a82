"""The report's figures from the read models: GROUP BYs scoped to the period and the agency.

A period runs from `period_from` (inclusive) to `period_to` (exclusive), both UTC midnights.
Feedback answers are counted by the month they came in (anonymous answers carry nothing finer),
so a period should be whole months. An enquiry closed (or concluded) more than once in the
period counts once, at its latest closure (or conclusion).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.feedback.report.build import build_report
from services.feedback.report.facts import ReportFacts
from services.feedback.report.model import BoardReport
from services.feedback.tables import (
    closure_decisions,
    enquiry_closures,
    enquiry_directory,
    feedback_answers,
    feedback_requests,
    outcomes_concluded,
)
from shared.contracts.feedback import Answers
from shared.eventstore.database import Database


async def board_report(
    db: Database, *, period_from: date, period_to: date, agency_id: str | None
) -> BoardReport:
    async with db.read() as conn:
        facts = await report_facts(
            conn, period_from=period_from, period_to=period_to, agency_id=agency_id
        )
    return build_report(facts, period_from=period_from, period_to=period_to, agency_id=agency_id)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def months_of(period_from: date, period_to: date) -> list[str]:
    """`YYYY-MM` of every month whose first day falls in the period."""
    months, year, month = [], period_from.year, period_from.month
    if period_from.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while date(year, month, 1) < period_to:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


async def report_facts(
    conn: AsyncConnection, *, period_from: date, period_to: date, agency_id: str | None
) -> ReportFacts:
    start, end = _midnight(period_from), _midnight(period_to)

    def scoped(query: Select[Any], agency: ColumnElement[str], moment: Any) -> Select[Any]:
        query = query.where(moment >= start, moment < end)
        return query if agency_id is None else query.where(agency == agency_id)

    d, c, o, r = enquiry_directory.c, enquiry_closures.c, outcomes_concluded.c, feedback_requests.c
    opened = await _pairs(
        conn,
        scoped(select(d.lead_agency_id, func.count()), d.lead_agency_id, d.opened_at).group_by(
            d.lead_agency_id
        ),
    )
    latest_closures = scoped(
        select(c.enquiry_id, c.lead_agency_id, func.max(c.closed_at).label("closed_at")),
        c.lead_agency_id,
        c.closed_at,
    ).group_by(c.enquiry_id, c.lead_agency_id)
    closures = latest_closures.subquery()
    closed_rows = (
        await conn.execute(
            select(closures.c.lead_agency_id, closures.c.closed_at, d.opened_at).outerjoin(
                enquiry_directory, d.enquiry_id == closures.c.enquiry_id
            )
        )
    ).all()
    closed: dict[str, int] = {}
    days: list[float] = []
    for agency, closed_at, opened_at in closed_rows:
        closed[agency] = closed.get(agency, 0) + 1
        if opened_at is not None:
            days.append(_days_between(opened_at, closed_at))

    latest_conclusions = (
        scoped(
            select(o.enquiry_id, func.max(o.concluded_at).label("concluded_at")),
            o.lead_agency_id,
            o.concluded_at,
        )
        .group_by(o.enquiry_id)
        .subquery()
    )
    conclusions = (
        await conn.execute(
            select(o.asked_code, o.fully, o.partially, o.not_achieved).join(
                latest_conclusions,
                (o.enquiry_id == latest_conclusions.c.enquiry_id)
                & (o.concluded_at == latest_conclusions.c.concluded_at),
            )
        )
    ).all()
    asked: dict[str, int] = {}
    outcomes = {"fully": 0, "partially": 0, "not_achieved": 0}
    for code, fully, partially, not_achieved in conclusions:
        asked[code] = asked.get(code, 0) + 1
        outcomes["fully"] += fully
        outcomes["partially"] += partially
        outcomes["not_achieved"] += not_achieved

    requests = await _pairs(
        conn,
        scoped(select(r.status, func.count()), r.lead_agency_id, r.requested_at).group_by(r.status),
    )
    not_asked = await conn.scalar(
        scoped(
            select(func.count())
            .select_from(closure_decisions)
            .join(
                enquiry_closures,
                enquiry_closures.c.closure_event_id == closure_decisions.c.closure_event_id,
            )
            .where(closure_decisions.c.decision == "refused"),
            c.lead_agency_id,
            c.closed_at,
        )
    )
    answers = await _answer_counts(conn, months_of(period_from, period_to), agency_id)
    return ReportFacts(
        opened_by_agency=opened,
        closed_by_agency=closed,
        days_to_closure=days,
        asked_codes=asked,
        outcomes=outcomes,
        requests=requests,
        not_asked_refused=int(not_asked or 0),
        answers=answers,
    )


def _days_between(opened_at: datetime, closed_at: datetime) -> float:
    return (closed_at - opened_at).total_seconds() / 86_400


async def _pairs(conn: AsyncConnection, query: Select[Any]) -> dict[str, int]:
    return {str(key): int(count) for key, count in (await conn.execute(query)).all()}


async def _answer_counts(
    conn: AsyncConnection, months: Sequence[str], agency_id: str | None
) -> dict[tuple[str, str | None], int]:
    a = feedback_answers.c
    counts: dict[tuple[str, str | None], int] = {}
    for key in Answers.model_fields:
        column = a[key]
        value: ColumnElement[Any] = column
        if key == "what_would_have_made_it_better":
            # Only whether they said something: the words themselves never enter the report.
            value = func.coalesce(func.trim(column), "") != ""
        query = select(value, func.count()).where(a.period.in_(months)).group_by(value)
        if agency_id is not None:
            query = query.where(a.agency_id == agency_id)
        for answered, count in (await conn.execute(query)).all():
            counts[(key, _answer_key(key, answered))] = int(count)
    return counts


def _answer_key(key: str, answered: Any) -> str | None:
    if answered is None:
        return None
    if key == "what_would_have_made_it_better":
        return "given" if answered else None
    return str(answered)
