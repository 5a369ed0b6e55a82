"""Benchmark of the Safeguarding Partnership Board report over 200,000 concluded enquiries.

What runs
    * A fresh feedback database (`--backend sqlite` in a temporary directory, or `--backend
      postgresql` in the database `msp_bench_report`, created and dropped here, on the server of
      `MSP_BENCH_POSTGRES_URL`, default `postgresql://postgres@127.0.0.1:5432/postgres`), migrated
      with the service's own Alembic migrations. No port is opened: the report is called as the
      service calls it.
    * `--enquiries` enquiries (200,000), every one opened, concern raised, Section 42 decided,
      closed and concluded, seeded straight into the read models (COPY on PostgreSQL,
      executemany on SQLite) in batches, as the projections leave them: per enquiry a directory
      row, its reporting state (concern, capacity, whether supported), one Section 42 decision,
      one closure and its snapshot, one conclusion, one or two risks (95 % concluded) and their
      snapshots at closure, one feedback request and its decision, answers for 30 % and an
      overdue review for 10 %. About 2.2 million rows. Closures
      are spread over the reporting year (2026) across 40 agencies; openings, concerns and
      decisions fall up to 300 days before.

What is measured (one JSON object, the last line on stdout; progress goes to stderr)
    report_s   `services.feedback.report.query.board_report` for the whole year and every agency,
               exactly as `GET /reports/board` runs it (queries and the pure table build; JSON
               or CSV rendering is not included). The best of `--repeat` (3).
    raw_s      one bare GROUP BY per table the report reads (the same period filter, one key,
               no "latest per enquiry"): what reading those rows once costs the database. The
               best of `--repeat`.
    ratio      report_s / raw_s.
    report_cpu_s, raw_cpu_s
               the CPU time (user + system) the same work cost: this process's, plus on
               PostgreSQL that of the server processes serving the bench database (found by
               their process title). The least of the runs. On a shared machine the wall times
               say how many cores the bench got; the CPU times say what the work costs, which is
               the wall time it would take on an idle core.
    load_s     seeding time; peak_rss_mb the process's peak resident memory.

Run: `.venv/bin/python bench/report.py --backend sqlite|postgresql [--enquiries 20000]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import psutil
from sqlalchemy import func, select

from services.feedback.app import DEFINITION as FEEDBACK
from services.feedback.report.build import ASKED_CODES
from services.feedback.report.query import board_report, months_of
from services.feedback.tables import (
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
from shared.codes import (
    RiskAssessmentOutcome,
    RiskLocation,
    RiskOutcome,
    RiskSource,
    RiskType,
    Section42Result,
)
from shared.eventstore.database import Database
from shared.migrations import upgrade

YEAR_FROM, YEAR_TO = date(2026, 1, 1), date(2027, 1, 1)
BATCH = 20_000
AGENCIES = [f"agency-{n}" for n in range(40)]
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "msp_bench_report"
ANSWERS = ("yes", "no", "not_sure")
HAPPENED = ("fully", "partially", "not")

RISK_CODES = ("risk_type", "location", "source", "assessment_outcome", "risk_outcome")
COLUMNS = {
    "enquiry_directory": (
        "enquiry_id",
        "lead_agency_id",
        "lead_practitioner_id",
        "opened_at",
        "source_position",
    ),
    "report_enquiries": (
        "enquiry_id",
        "lead_agency_id",
        "opened_at",
        "raised_at",
        "capacity_rank",
        "supported",
    ),
    "report_section42": (
        "decision_event_id",
        "enquiry_id",
        "lead_agency_id",
        "result",
        "decided_at",
        "superseded_at",
    ),
    "enquiry_closures": (
        "closure_event_id",
        "enquiry_id",
        "lead_agency_id",
        "lead_practitioner_id",
        "closed_at",
        "correlation_id",
        "source_position",
    ),
    "report_closures": (
        "closure_event_id",
        "enquiry_id",
        "lead_agency_id",
        "closed_at",
        "next_closed_at",
        "days_to_closure",
        "capacity_rank",
        "supported",
    ),
    "outcomes_concluded": (
        "conclusion_event_id",
        "enquiry_id",
        "lead_agency_id",
        "asked_code",
        "fully",
        "partially",
        "not_achieved",
        "concluded_at",
    ),
    "report_risks": ("risk_id", "enquiry_id", *RISK_CODES),
    "report_closure_risks": (
        "closure_event_id",
        "risk_id",
        "enquiry_id",
        "lead_agency_id",
        "closed_at",
        "next_closed_at",
        *RISK_CODES,
    ),
    "report_reviews_overdue": ("overdue_event_id", "enquiry_id", "lead_agency_id", "due_on"),
    "feedback_requests": (
        "request_id",
        "enquiry_id",
        "lead_agency_id",
        "status",
        "addressee",
        "easy_read",
        "ask_not_by",
        "closed_at",
        "requested_at",
        "due_at",
        "person_answered",
        "representative_answered",
    ),
    "feedback_closure_decisions": ("closure_event_id", "enquiry_id", "decision", "request_id"),
    "feedback_answers": (
        "answers_id",
        "request_id",
        "enquiry_id",
        "agency_id",
        "period",
        "anonymous",
        "respondent",
        "channel",
        "easy_read",
        "asked_by_enquiry_lead",
        "received_at",
        "asked_what_they_wanted",
        "did_it_happen",
        "listened_to",
        "involved_in_decisions",
        "feel_safer",
        "satisfaction",
        "what_would_have_made_it_better",
    ),
}


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _moment(rng: random.Random, start: date, days: int) -> datetime:
    return datetime(start.year, start.month, start.day, tzinfo=UTC) + timedelta(
        seconds=rng.randrange(days * 86_400)
    )


def generate(enquiries: int, seed: int = 11) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    """Batches of rows, table by table, for `enquiries` concluded enquiries."""
    rng = random.Random(seed)
    year_days = (YEAR_TO - YEAR_FROM).days
    for start in range(0, enquiries, BATCH):
        rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
        for n in range(start, min(start + BATCH, enquiries)):
            enquiry, agency = _uuid(rng), rng.choice(AGENCIES)
            closed = _moment(rng, YEAR_FROM, year_days)
            opened = closed - timedelta(days=rng.randrange(1, 300), hours=rng.randrange(24))
            lead = f"practitioner-{rng.randrange(4000)}"
            raised = opened - timedelta(hours=rng.randrange(120))
            rows["enquiry_directory"].append((enquiry, agency, lead, opened, n + 1))
            result = rng.choices(tuple(Section42Result), weights=(6, 2, 2))[0]
            rows["report_section42"].append(
                (_uuid(rng), enquiry, agency, result.value, opened + timedelta(days=1), None)
            )
            closure = _uuid(rng)
            rows["enquiry_closures"].append(
                (closure, enquiry, agency, lead, closed, str(_uuid(rng)), n + 1)
            )
            rows["outcomes_concluded"].append(
                (
                    _uuid(rng),
                    enquiry,
                    agency,
                    rng.choice(ASKED_CODES),
                    rng.randrange(4),
                    rng.randrange(3),
                    rng.randrange(2),
                    closed - timedelta(hours=1),
                )
            )
            for _ in range(1 + (rng.random() < 0.5)):
                assessed = rng.choice(tuple(RiskAssessmentOutcome)) if rng.random() < 0.95 else None
                outcome = (
                    rng.choice(tuple(RiskOutcome)).value
                    if assessed is RiskAssessmentOutcome.IDENTIFIED_ACTION
                    else None
                )
                risk = _uuid(rng)
                codes = (
                    rng.choice(tuple(RiskType)).value,
                    rng.choice(tuple(RiskLocation)).value,
                    rng.choice(tuple(RiskSource)).value,
                    assessed and assessed.value,
                    outcome,
                )
                rows["report_risks"].append((risk, enquiry, *codes))
                rows["report_closure_risks"].append(
                    (closure, risk, enquiry, agency, closed, None, *codes)
                )
            rank = rng.randrange(4)
            supported = rank == 0 and rng.random() < 0.6
            rows["report_enquiries"].append((enquiry, agency, opened, raised, rank, supported))
            days = (closed - raised).total_seconds() / 86_400
            rows["report_closures"].append(
                (closure, enquiry, agency, closed, None, days, rank, supported)
            )
            if rng.random() < 0.1:
                due = YEAR_FROM + timedelta(days=rng.randrange(year_days))
                rows["report_reviews_overdue"].append((_uuid(rng), enquiry, agency, due))
            request = _uuid(rng)
            answered = rng.random() < 0.3
            status = "answered" if answered else rng.choice(("open", "expired", "refused"))
            rows["feedback_requests"].append(
                (
                    request,
                    enquiry,
                    agency,
                    status,
                    "person",
                    False,
                    lead,
                    closed,
                    closed + timedelta(minutes=1),
                    closed + timedelta(weeks=8),
                    answered,
                    False,
                )
            )
            rows["feedback_closure_decisions"].append((closure, enquiry, "requested", request))
            if answered:
                rows["feedback_answers"].append(
                    (
                        _uuid(rng),
                        request,
                        enquiry,
                        agency,
                        f"{closed.year:04d}-{closed.month:02d}",
                        False,
                        "person",
                        "conversation",
                        False,
                        False,
                        closed,
                        rng.choice(ANSWERS),
                        rng.choice(HAPPENED),
                        rng.choice(ANSWERS),
                        rng.choice(ANSWERS),
                        rng.choice(ANSWERS),
                        rng.randrange(1, 6),
                        "Being told sooner." if rng.random() < 0.4 else None,
                    )
                )
        yield rows


def _sqlite_value(value: Any) -> Any:
    # As SQLAlchemy stores them on SQLite: UUIDs as 32 hex digits, timestamps in UTC with
    # microseconds (so that they compare as text with SQLAlchemy's bound values), dates as ISO.
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def load_sqlite(path: str, enquiries: int) -> int:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    loaded = rows = 0
    for batch in generate(enquiries):
        with conn:
            for table, values in batch.items():
                names = COLUMNS[table]
                sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
                conn.executemany(sql, ([_sqlite_value(v) for v in row] for row in values))
                rows += len(values)
        loaded += len(batch["enquiry_closures"])
        progress(f"loaded {loaded:,} enquiries")
    conn.execute("ANALYZE")
    conn.close()
    return rows


async def load_postgres(url: str, enquiries: int) -> int:
    conn = await asyncpg.connect(url)
    loaded = rows = 0
    try:
        for batch in generate(enquiries):
            for table, values in batch.items():
                if values:
                    await conn.copy_records_to_table(table, records=values, columns=COLUMNS[table])
                rows += len(values)
            loaded += len(batch["enquiry_closures"])
            progress(f"loaded {loaded:,} enquiries")
        for table in COLUMNS:
            await conn.execute(f"VACUUM ANALYZE {table}")
    finally:
        await conn.close()
    return rows


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


async def raw_group_bys(db: Database) -> int:
    """One bare GROUP BY per table the report reads: the floor of reading its rows once."""
    start, end = _midnight(YEAR_FROM), _midnight(YEAR_TO)

    def within(column: Any) -> tuple[Any, Any]:
        return column >= start, column < end

    d, c, o = enquiry_directory.c, enquiry_closures.c, outcomes_concluded.c
    s, k, a = report_section42.c, report_closure_risks.c, feedback_answers.c
    e, rc, v = report_enquiries.c, report_closures.c, report_reviews_overdue.c
    queries = (
        select(d.lead_agency_id, func.count())
        .where(*within(d.opened_at))
        .group_by(d.lead_agency_id),
        select(c.lead_agency_id, func.count())
        .where(*within(c.closed_at))
        .group_by(c.lead_agency_id),
        select(rc.lead_agency_id, func.count())
        .where(*within(rc.closed_at))
        .group_by(rc.lead_agency_id),
        select(o.asked_code, func.count()).where(*within(o.concluded_at)).group_by(o.asked_code),
        select(s.result, func.count()).where(*within(s.decided_at)).group_by(s.result),
        select(e.lead_agency_id, func.count())
        .where(*within(e.raised_at))
        .group_by(e.lead_agency_id),
        select(k.risk_type, func.count()).where(*within(k.closed_at)).group_by(k.risk_type),
        select(feedback_requests.c.status, func.count())
        .where(*within(feedback_requests.c.requested_at))
        .group_by(feedback_requests.c.status),
        select(a.satisfaction, func.count())
        .where(a.period.in_(months_of(YEAR_FROM, YEAR_TO)))
        .group_by(a.satisfaction),
        select(v.lead_agency_id, func.count())
        .where(v.due_on >= YEAR_FROM, v.due_on < YEAR_TO)
        .group_by(v.lead_agency_id),
    )
    rows = 0
    async with db.read() as conn:
        for query in queries:
            rows += len((await conn.execute(query)).all())
    return rows


async def the_report(db: Database) -> int:
    report = await board_report(db, period_from=YEAR_FROM, period_to=YEAR_TO, agency_id=None)
    closed = report.table("enquiries").cell("Total", "Closed").value
    assert isinstance(closed, int)
    return closed


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _bench_processes() -> list[psutil.Process]:
    """This process and the PostgreSQL backends serving the bench database."""
    found = [psutil.Process()]
    for process in psutil.process_iter(["cmdline"]):
        title = " ".join(process.info["cmdline"] or ())
        if title.startswith("postgres:") and BENCH_DATABASE in title:
            found.append(process)
    return found


async def best_of(repeat: int, work: Any) -> tuple[float, float, int]:
    """The least wall time and the least CPU time of `repeat` runs, and the work's result."""
    best, least_cpu, result = float("inf"), float("inf"), 0
    for _ in range(repeat):
        processes = _bench_processes()
        cpu = _cpu_seconds(processes)
        started = time.perf_counter()
        result = await work()
        best = min(best, time.perf_counter() - started)
        least_cpu = min(least_cpu, _cpu_seconds(processes) - cpu)
    return best, least_cpu, result


async def measure(url: str, enquiries: int, repeat: int) -> dict[str, Any]:
    db = Database(url)
    try:
        await raw_group_bys(db)  # warm the cache and the pool once for both
        raw_s, raw_cpu_s, _ = await best_of(repeat, lambda: raw_group_bys(db))
        report_s, report_cpu_s, closed = await best_of(repeat, lambda: the_report(db))
    finally:
        await db.dispose()
    assert closed == enquiries, (closed, enquiries)
    return {
        "report_s": round(report_s, 4),
        "raw_s": round(raw_s, 4),
        "ratio": round(report_s / raw_s, 2) if raw_s else None,
        "report_cpu_s": round(report_cpu_s, 4),
        "raw_cpu_s": round(raw_cpu_s, 4),
        "load_average": round(os.getloadavg()[0], 1),
    }


async def run_postgres(args: argparse.Namespace) -> dict[str, Any]:
    server = os.environ.get("MSP_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    admin = await asyncpg.connect(server)
    await admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    base = server.rsplit("/", 1)[0]
    try:
        url = f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{BENCH_DATABASE}"
        await asyncio.to_thread(upgrade, FEEDBACK.migrations, url)
        started = time.perf_counter()
        rows = await load_postgres(f"{base}/{BENCH_DATABASE}", args.enquiries)
        load_s = time.perf_counter() - started
        figures = await measure(url, args.enquiries, args.repeat)
        return {**figures, "rows": rows, "load_s": round(load_s, 1)}
    finally:
        if not args.keep:
            await admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        await admin.close()


async def run_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "feedback.db")
        url = f"sqlite+aiosqlite:///{path}"
        await asyncio.to_thread(upgrade, FEEDBACK.migrations, url)
        started = time.perf_counter()
        rows = await asyncio.to_thread(load_sqlite, path, args.enquiries)
        load_s = time.perf_counter() - started
        figures = await measure(url, args.enquiries, args.repeat)
        return {**figures, "rows": rows, "load_s": round(load_s, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description="The board report at scale")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--enquiries", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep", action="store_true", help="PostgreSQL: keep the database (to EXPLAIN queries)"
    )
    args = parser.parse_args()
    run = run_postgres if args.backend == "postgresql" else run_sqlite
    figures = asyncio.run(run(args))
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result = {
        "backend": args.backend,
        "enquiries": args.enquiries,
        **figures,
        "peak_rss_mb": round(peak_rss_mb, 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
