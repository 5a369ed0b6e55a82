"""The report's figures from the read models: GROUP BYs scoped to the period and the agency.

A period runs from `period_from` (inclusive) to `period_to` (exclusive), both UTC midnights.
Feedback answers are counted by the month they came in (anonymous answers carry nothing finer),
so a period should be whole months. An enquiry closed (or concluded, or decided) more than once
in the period counts once, at its latest closure (or conclusion, or decision).

Speed (bench/report.py): the enquiries closed in the period are the base of four parts (closed
per agency, time to closure, risks, capacity). They are found once, in one statement whose parts
are joined by UNION ALL over a common table expression that the database computes once. Where
only the latest row of each enquiry counts and no other table is joined to it, a window function
picks it (one sort) rather than a GROUP BY joined back. On PostgreSQL
the report's transaction gets a larger `work_mem`, so that its hashes and sorts stay in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Float,
    Select,
    String,
    case,
    cast,
    func,
    literal,
    null,
    select,
    text,
    union_all,
)
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

REPORT_WORK_MEM = "64MB"  # per hash or sort of the report's statements, on PostgreSQL
CAPACITY_ORDER = tuple(CapacityOutcome)  # the first found in an enquiry's assessments counts
KEYS = 5  # generic key columns of the closed-enquiry facts statement


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


class Scope:
    """The period and the agency, applied to a query's moment and agency columns."""

    def __init__(self, period_from: date, period_to: date, agency_id: str | None) -> None:
        self.start, self.end = _midnight(period_from), _midnight(period_to)
        self.agency_id = agency_id

    def __call__(self, query: Select[Any], agency: ColumnElement[str], moment: Any) -> Select[Any]:
        query = query.where(moment >= self.start, moment < self.end)
        return query if self.agency_id is None else query.where(agency == self.agency_id)


async def report_facts(
    conn: AsyncConnection, *, period_from: date, period_to: date, agency_id: str | None
) -> ReportFacts:
    if conn.dialect.name == "postgresql":
        await conn.execute(text(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))
    scoped = Scope(period_from, period_to, agency_id)
    d, c, r = enquiry_directory.c, enquiry_closures.c, feedback_requests.c
    opened = await _pairs(
        conn,
        scoped(select(d.lead_agency_id, func.count()), d.lead_agency_id, d.opened_at).group_by(
            d.lead_agency_id
        ),
    )
    closed = await _closed_facts(conn, scoped)
    asked, outcomes = await _conclusions(conn, scoped)
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
        closed_by_agency=closed.by_agency,
        closure_bands=closed.bands,
        closure_median_days=closed.median,
        asked_codes=asked,
        outcomes=outcomes,
        requests=requests,
        not_asked_refused=int(not_asked or 0),
        answers=await _answer_counts(conn, months_of(period_from, period_to), agency_id),
        concerns_by_agency=concerns,
        section42=await _section42(conn, scoped),
        risks=closed.risks,
        capacity=closed.capacity,
        reviews_overdue=await _reviews_overdue(conn, period_from, period_to, agency_id),
    )


class ClosedFacts:
    """What the report counts of the enquiries closed in the period."""

    def __init__(self) -> None:
        self.by_agency: dict[str, int] = {}
        self.bands: dict[str, int] = {}
        self.median: float | None = None
        self.risks: dict[RiskKey, int] = {}
        self.capacity: dict[tuple[str, bool], int] = {}


def _days(conn: AsyncConnection, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Days between two timestamps, in the database (the report must not fetch every closure)."""
    if conn.dialect.name == "postgresql":
        return cast(func.extract("epoch", later - earlier), Float) / 86_400
    return cast(func.julianday(later) - func.julianday(earlier), Float)


def _part(kind: str, keys: Sequence[Any], count: Any, measure: Any = None) -> list[Any]:
    """One part of the UNION ALL: its kind, up to five keys as text, a count, a measure."""
    padded = [cast(k, String) for k in keys] + [cast(null(), String)] * (KEYS - len(keys))
    return [
        literal(kind, String).label("kind"),
        *(key.label(f"k{i}") for i, key in enumerate(padded)),
        count.label("n"),
        cast(null() if measure is None else measure, Float).label("x"),
    ]


async def _closed_facts(conn: AsyncConnection, scoped: Scope) -> ClosedFacts:
    c, d, concerns = enquiry_closures.c, enquiry_directory.c, report_concerns.c
    # Each enquiry once, at its latest closure in the period (with its lead agency then). A
    # GROUP BY, not a window: the planner then knows how many rows come out, and hashes.
    closed = (
        scoped(
            select(c.enquiry_id, c.lead_agency_id, func.max(c.closed_at).label("closed_at")),
            c.lead_agency_id,
            c.closed_at,
        )
        .group_by(c.enquiry_id, c.lead_agency_id)
        .cte("closed")
    )
    began = func.coalesce(concerns.raised_at, d.opened_at)
    timed = (
        select(_days(conn, closed.c.closed_at, began).label("days"))
        .select_from(closed)
        .outerjoin(enquiry_directory, d.enquiry_id == closed.c.enquiry_id)
        .outerjoin(report_concerns, concerns.enquiry_id == closed.c.enquiry_id)
        .where(began.is_not(None))
        .cte("timed")
    )
    days = timed.c.days
    band = case(
        *((days <= upper, label) for upper, label in CLOSURE_BANDS if upper is not None),
        else_=CLOSURE_BANDS[-1][1],
    )
    risk_codes = [getattr(report_risks.c, n) for n in RISK_COLUMNS]
    parts = [
        select(*_part("closed", [closed.c.lead_agency_id], func.count())).group_by(
            closed.c.lead_agency_id
        ),
        select(*_part("band", [band], func.count())).group_by(band),
        select(*_part("risk", risk_codes, func.count()))
        .join(closed, closed.c.enquiry_id == report_risks.c.enquiry_id)
        .group_by(*risk_codes),
        _capacity_part(closed),
    ]
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        median = func.percentile_cont(0.5).within_group(days)
        parts.append(select(*_part("median", [], func.count(), median)))
    facts = ClosedFacts()
    for kind, k0, k1, k2, k3, k4, n, x in (await conn.execute(union_all(*parts))).all():
        count = int(n)
        if kind == "closed":
            facts.by_agency[k0] = count
        elif kind == "band":
            facts.bands[k0] = count
        elif kind == "risk":
            facts.risks[(k0, k1, k2, k3, k4)] = count
        elif kind == "capacity":
            facts.capacity[(CAPACITY_ORDER[int(k0)].value, k1 == "1")] = count
        elif kind == "median" and count:
            facts.median = round(float(x), 4)
    if not postgres:
        facts.median = await _median(conn, timed, sum(facts.bands.values()))
    return facts


RISK_COLUMNS = ("risk_type", "location", "source", "assessment_outcome", "risk_outcome")


async def _median(conn: AsyncConnection, timed: CTE, count: int) -> float | None:
    """The middle one or two values, where there is no percentile function (SQLite)."""
    if count == 0:
        return None
    days = timed.c.days
    middle = (
        await conn.scalars(
            select(days).order_by(days).limit(2 - count % 2).offset((count - 1) // 2)
        )
    ).all()
    return round(sum(float(m) for m in middle) / len(middle), 4)


def _capacity_part(closed: CTE) -> Select[Any]:
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
        .subquery("per_enquiry")
    )
    p = per_enquiry.c
    return select(*_part("capacity", [p.rank, p.supported], func.count())).group_by(
        p.rank, p.supported
    )


async def _conclusions(
    conn: AsyncConnection, scoped: Scope
) -> tuple[dict[str, int], dict[str, int]]:
    """The asked code and outcomes achieved of each enquiry's latest conclusion in the period."""
    o = outcomes_concluded.c
    latest = scoped(
        select(
            o.asked_code,
            o.fully,
            o.partially,
            o.not_achieved,
            func.row_number()
            .over(partition_by=o.enquiry_id, order_by=o.concluded_at.desc())
            .label("nth"),
        ),
        o.lead_agency_id,
        o.concluded_at,
    ).subquery("latest")
    v = latest.c
    rows = await conn.execute(
        select(v.asked_code, func.count(), func.sum(v.fully), func.sum(v.partially))
        .add_columns(func.sum(v.not_achieved))
        .where(v.nth == 1)
        .group_by(v.asked_code)
    )
    asked: dict[str, int] = {}
    outcomes = {"fully": 0, "partially": 0, "not_achieved": 0}
    for code, enquiries, fully, partially, not_achieved in rows.all():
        asked[code] = int(enquiries)
        outcomes["fully"] += int(fully)
        outcomes["partially"] += int(partially)
        outcomes["not_achieved"] += int(not_achieved)
    return asked, outcomes


async def _section42(conn: AsyncConnection, scoped: Scope) -> dict[tuple[str, str], int]:
    """Each enquiry's latest Section 42 decision in the period, by its lead agency."""
    s, d = report_section42.c, enquiry_directory.c
    latest = scoped(
        select(
            d.lead_agency_id,
            s.result,
            func.row_number()
            .over(partition_by=s.enquiry_id, order_by=s.decided_at.desc())
            .label("nth"),
        ).join(enquiry_directory, d.enquiry_id == s.enquiry_id),
        d.lead_agency_id,
        s.decided_at,
    ).subquery("latest")
    v = latest.c
    rows = await conn.execute(
        select(v.lead_agency_id, v.result, func.count())
        .where(v.nth == 1)
        .group_by(v.lead_agency_id, v.result)
    )
    return {(str(agency), str(result)): int(n) for agency, result, n in rows.all()}


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
    """One GROUP BY over every question's answer, summed per question here."""
    a = feedback_answers.c
    keys = list(Answers.model_fields)
    values: list[ColumnElement[Any]] = []
    for key in keys:
        column = a[key]
        if key == "what_would_have_made_it_better":
            # Only whether they said something: the words themselves never enter the report.
            values.append(case((func.coalesce(func.trim(column), "") != "", 1), else_=0))
        else:
            values.append(column)
    query = select(*values, func.count()).where(a.period.in_(months)).group_by(*values)
    if agency_id is not None:
        query = query.where(a.agency_id == agency_id)
    counts: dict[tuple[str, str | None], int] = {}
    for row in (await conn.execute(query)).all():
        *answered, n = row
        for key, value in zip(keys, answered, strict=True):
            slot = (key, _answer_key(key, value))
            counts[slot] = counts.get(slot, 0) + int(n)
    return counts


def _answer_key(key: str, answered: Any) -> str | None:
    if answered is None:
        return None
    if key == "what_would_have_made_it_better":
        return "given" if answered else None
    return str(answered)
