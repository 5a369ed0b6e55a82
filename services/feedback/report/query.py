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

from sqlalchemy import ColumnElement, Float, Select, Subquery, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.feedback.report.build import CLOSURE_BANDS, build_report
from services.feedback.report.facts import ReportFacts, RiskKey
from services.feedback.report.model import BoardReport
from services.feedback.tables import (
    closure_decisions,
    enquiry_closures,
    enquiry_directory,
    feedback_answers,
    feedback_requests,
    outcomes_concluded,
    report_advocates,
    report_capacity,
    report_concerns,
    report_reviews_overdue,
    report_risks,
    report_section42,
)
from shared.codes import CapacityOutcome
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
    # Enquiries closed in the period, each once at its latest closure: the base of the timing,
    # risk and capacity tables.
    closed = (
        scoped(
            select(c.enquiry_id, c.lead_agency_id, func.max(c.closed_at).label("closed_at")),
            c.lead_agency_id,
            c.closed_at,
        )
        .group_by(c.enquiry_id, c.lead_agency_id)
        .subquery("closed")
    )
    closed_by_agency = await _pairs(
        conn, select(closed.c.lead_agency_id, func.count()).group_by(closed.c.lead_agency_id)
    )
    bands, median = await _time_to_closure(conn, closed)

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
            select(
                o.asked_code,
                func.count(),
                func.sum(o.fully),
                func.sum(o.partially),
                func.sum(o.not_achieved),
            )
            .join(
                latest_conclusions,
                (o.enquiry_id == latest_conclusions.c.enquiry_id)
                & (o.concluded_at == latest_conclusions.c.concluded_at),
            )
            .group_by(o.asked_code)
        )
    ).all()
    asked: dict[str, int] = {}
    outcomes = {"fully": 0, "partially": 0, "not_achieved": 0}
    for code, enquiries, fully, partially, not_achieved in conclusions:
        asked[code] = int(enquiries)
        outcomes["fully"] += int(fully)
        outcomes["partially"] += int(partially)
        outcomes["not_achieved"] += int(not_achieved)

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

    concerns = await _pairs(
        conn,
        scoped(
            select(d.lead_agency_id, func.count()).join(
                report_concerns, report_concerns.c.enquiry_id == d.enquiry_id
            ),
            d.lead_agency_id,
            report_concerns.c.raised_at,
        ).group_by(d.lead_agency_id),
    )
    return ReportFacts(
        opened_by_agency=opened,
        closed_by_agency=closed_by_agency,
        closure_bands=bands,
        closure_median_days=median,
        asked_codes=asked,
        outcomes=outcomes,
        requests=requests,
        not_asked_refused=int(not_asked or 0),
        answers=answers,
        concerns_by_agency=concerns,
        section42=await _section42(conn, scoped),
        risks=await _risks(conn, closed),
        capacity=await _capacity(conn, closed),
        reviews_overdue=await _reviews_overdue(conn, period_from, period_to, agency_id),
    )


def _days(conn: AsyncConnection, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Days between two timestamps, in the database (the report must not fetch every closure)."""
    if conn.dialect.name == "postgresql":
        return cast(func.extract("epoch", later - earlier), Float) / 86_400
    return cast(func.julianday(later) - func.julianday(earlier), Float)


async def _time_to_closure(
    conn: AsyncConnection, closed: Subquery
) -> tuple[dict[str, int], float | None]:
    """Bands and median of the days from concern (else opening) to closure, in SQL."""
    d, concerns = enquiry_directory.c, report_concerns.c
    began = func.coalesce(concerns.raised_at, d.opened_at)
    timed = (
        select(_days(conn, closed.c.closed_at, began).label("days"))
        .select_from(closed)
        .outerjoin(enquiry_directory, d.enquiry_id == closed.c.enquiry_id)
        .outerjoin(report_concerns, concerns.enquiry_id == closed.c.enquiry_id)
        .where(began.is_not(None))
        .subquery("timed")
    )
    days = timed.c.days
    band = case(
        *((days <= upper, label) for upper, label in CLOSURE_BANDS if upper is not None),
        else_=CLOSURE_BANDS[-1][1],
    )
    bands = await _pairs(conn, select(band, func.count()).group_by(band))
    count = sum(bands.values())
    if count == 0:
        return bands, None
    # The middle one or two values: portable (SQLite has no percentile function) and one sort.
    middle = (
        await conn.scalars(
            select(days).order_by(days).limit(2 - count % 2).offset((count - 1) // 2)
        )
    ).all()
    return bands, round(sum(float(m) for m in middle) / len(middle), 4)


async def _section42(conn: AsyncConnection, scoped: Any) -> dict[tuple[str, str], int]:
    """Each enquiry's latest Section 42 decision in the period, by its lead agency."""
    s, d = report_section42.c, enquiry_directory.c
    latest = (
        scoped(
            select(s.enquiry_id, func.max(s.decided_at).label("decided_at")).join(
                enquiry_directory, d.enquiry_id == s.enquiry_id
            ),
            d.lead_agency_id,
            s.decided_at,
        )
        .group_by(s.enquiry_id)
        .subquery()
    )
    rows = await conn.execute(
        select(d.lead_agency_id, s.result, func.count(func.distinct(s.enquiry_id)))
        .join(
            latest,
            (s.enquiry_id == latest.c.enquiry_id) & (s.decided_at == latest.c.decided_at),
        )
        .join(enquiry_directory, d.enquiry_id == s.enquiry_id)
        .group_by(d.lead_agency_id, s.result)
    )
    return {(str(agency), str(result)): int(n) for agency, result, n in rows.all()}


async def _risks(conn: AsyncConnection, closed: Subquery) -> dict[RiskKey, int]:
    """One GROUP BY over every code of the risks of the enquiries closed in the period."""
    k = report_risks.c
    codes = (k.risk_type, k.location, k.source, k.assessment_outcome, k.risk_outcome)
    rows = await conn.execute(
        select(*codes, func.count())
        .join(closed, closed.c.enquiry_id == k.enquiry_id)
        .group_by(*codes)
    )
    return {(t, loc, src, a, o): int(n) for t, loc, src, a, o, n in rows.all()}


CAPACITY_ORDER = tuple(CapacityOutcome)  # the first found in an enquiry's assessments counts


async def _capacity(conn: AsyncConnection, closed: Subquery) -> dict[tuple[str, bool], int]:
    """Per enquiry closed in the period: lacked capacity if any assessment found it lacking, else
    the next value found in the order of the code list; none assessed is `Not recorded`. And
    whether an advocate, family member or friend was appointed for them."""
    k = report_capacity.c
    rank = case(
        *((k.outcome == outcome.value, i) for i, outcome in enumerate(CAPACITY_ORDER)),
        else_=len(CAPACITY_ORDER) - 1,
    )
    supported = (
        select(report_advocates.c.enquiry_id)
        .where(report_advocates.c.enquiry_id == closed.c.enquiry_id)
        .exists()
    )
    per_enquiry = (
        select(
            func.coalesce(func.min(rank), len(CAPACITY_ORDER) - 1).label("rank"),
            case((supported, 1), else_=0).label("supported"),
        )
        .select_from(closed)
        .outerjoin(report_capacity, k.enquiry_id == closed.c.enquiry_id)
        .group_by(closed.c.enquiry_id)
        .subquery()
    )
    rows = await conn.execute(
        select(per_enquiry.c.rank, per_enquiry.c.supported, func.count()).group_by(
            per_enquiry.c.rank, per_enquiry.c.supported
        )
    )
    return {
        (CAPACITY_ORDER[int(i)].value, bool(supported)): int(n) for i, supported, n in rows.all()
    }


async def _reviews_overdue(
    conn: AsyncConnection, period_from: date, period_to: date, agency_id: str | None
) -> dict[str, tuple[int, int]]:
    v = report_reviews_overdue.c
    query = (
        select(v.lead_agency_id, func.count(), func.count(func.distinct(v.enquiry_id)))
        .where(v.due_on >= period_from, v.due_on < period_to)
        .group_by(v.lead_agency_id)
    )
    if agency_id is not None:
        query = query.where(v.lead_agency_id == agency_id)
    return {str(a): (int(n), int(e)) for a, n, e in (await conn.execute(query)).all()}


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
