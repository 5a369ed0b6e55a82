"""The report's figures from the read models: GROUP BYs scoped to the period and the agency.

A period runs from `period_from` (inclusive) to `period_to` (exclusive), both UTC midnights.
Feedback answers are counted by the month they came in (anonymous answers carry nothing finer),
so a period should be whole months. An enquiry closed (or concluded, or decided) more than once
in the period counts once, at its latest closure (or conclusion, or decision).

Speed (bench/report.py): the enquiries closed in the period are the base of four parts (closed
per agency, time to closure, capacity, risks). Rather than joining closures to concerns,
openings, capacity assessments, advocates and risks at report time, the projection keeps a
snapshot per closure (`report_closures`, `report_closure_risks`), and marks superseded
closures, Section 42 decisions and conclusions as the next arrives, so each part is one GROUP BY
over one table. On PostgreSQL the report's transaction gets a larger `work_mem`, so that its hashes and
sorts stay in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    func,
    select,
    text,
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
    report_closure_risks,
    report_closures,
    report_enquiries,
    report_reviews_overdue,
    report_section42,
)
from shared.codes import CapacityOutcome
from shared.contracts.feedback import Answers
from shared.eventstore.database import Database

REPORT_WORK_MEM = "64MB"  # per hash or sort of the report's statements, on PostgreSQL
CAPACITY_ORDER = tuple(CapacityOutcome)  # the first found in an enquiry's assessments counts
NOT_KNOWN = "Agency not known yet"  # an enquiry whose opening has not reached this service


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

    def __call__(self, query: Any, agency: ColumnElement[Any], moment: Any) -> Select[Any]:
        scoped: Select[Any] = query.where(moment >= self.start, moment < self.end)
        return scoped if self.agency_id is None else scoped.where(agency == self.agency_id)


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
    e = report_enquiries.c
    agency = func.coalesce(e.lead_agency_id, NOT_KNOWN)
    concerns = await _pairs(
        conn,
        scoped(select(agency, func.count()), e.lead_agency_id, e.raised_at).group_by(agency),
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


def _latest_closures(table: Any, scoped: Scope) -> Select[Any]:
    """Closure snapshots in the period, each enquiry's latest there only: one whose next closure
    came after the period (or has not come)."""
    t = table.c
    return scoped(select(), t.lead_agency_id, t.closed_at).where(
        t.next_closed_at.is_(None) | (t.next_closed_at >= scoped.end)
    )


async def _closed_facts(conn: AsyncConnection, scoped: Scope) -> ClosedFacts:
    """From the closures' snapshots: one GROUP BY for agencies, bands and capacity, one for the
    risks, and the median. No join: the snapshot holds what was known at closure."""
    k = report_closures.c
    days = k.days_to_closure
    band = case(
        *((days <= upper, label) for upper, label in CLOSURE_BANDS if upper is not None),
        (days.is_not(None), CLOSURE_BANDS[-1][1]),
        else_=None,
    )
    keys = (k.lead_agency_id, band, k.capacity_rank, k.supported)
    facts = ClosedFacts()
    rows = await conn.execute(
        _latest_closures(report_closures, scoped).add_columns(*keys, func.count()).group_by(*keys)
    )
    for agency, band_label, rank, supported, n in rows.all():
        count = int(n)
        facts.by_agency[agency] = facts.by_agency.get(agency, 0) + count
        if band_label is not None:
            facts.bands[band_label] = facts.bands.get(band_label, 0) + count
        slot = (CAPACITY_ORDER[int(rank)].value, bool(supported))
        facts.capacity[slot] = facts.capacity.get(slot, 0) + count
    r = report_closure_risks.c
    codes = [r[name] for name in RISK_COLUMNS]
    risks = await conn.execute(
        _latest_closures(report_closure_risks, scoped)
        .add_columns(*codes, func.count())
        .group_by(*codes)
    )
    facts.risks = {(t, loc, src, a, o): int(n) for t, loc, src, a, o, n in risks.all()}
    timed = _latest_closures(report_closures, scoped).where(days.is_not(None))
    facts.median = await _median(conn, timed, days, sum(facts.bands.values()))
    return facts


RISK_COLUMNS = ("risk_type", "location", "source", "assessment_outcome", "risk_outcome")


async def _median(
    conn: AsyncConnection, timed: Select[Any], days: ColumnElement[Any], count: int
) -> float | None:
    if count == 0:
        return None
    if conn.dialect.name == "postgresql":
        median: Any = await conn.scalar(
            timed.add_columns(func.percentile_cont(0.5).within_group(days))
        )
        return round(float(median), 4)
    # No percentile function on SQLite: the middle one or two values.
    middle = (
        await conn.scalars(
            timed.add_columns(days).order_by(days).limit(2 - count % 2).offset((count - 1) // 2)
        )
    ).all()
    return round(sum(float(m) for m in middle) / len(middle), 4)


async def _conclusions(
    conn: AsyncConnection, scoped: Scope
) -> tuple[dict[str, int], dict[str, int]]:
    """The asked code and outcomes achieved of each enquiry's latest conclusion in the period."""
    o = outcomes_concluded.c
    rows = await conn.execute(
        scoped(
            select(o.asked_code, func.count(), func.sum(o.fully), func.sum(o.partially)),
            o.lead_agency_id,
            o.concluded_at,
        )
        .add_columns(func.sum(o.not_achieved))
        .where(o.superseded_at.is_(None) | (o.superseded_at >= scoped.end))
        .group_by(o.asked_code)
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
    s = report_section42.c
    agency = func.coalesce(s.lead_agency_id, NOT_KNOWN)
    rows = await conn.execute(
        scoped(select(agency, s.result, func.count()), s.lead_agency_id, s.decided_at)
        .where(s.superseded_at.is_(None) | (s.superseded_at >= scoped.end))
        .group_by(agency, s.result)
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
