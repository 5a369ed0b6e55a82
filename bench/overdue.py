"""Benchmark of the outcomes sweeper's search: what became due or overdue, among 1,000,000
scheduled reviews and 2,000,000 actions.

What runs
    * A fresh outcomes database (`--backend sqlite` in a temporary directory, or `--backend
      postgresql` in the database `msp_bench_overdue`, created and dropped here, on the server of
      `MSP_BENCH_POSTGRES_URL`, default `postgresql://postgres@127.0.0.1:5432/postgres`), migrated
      with the service's own Alembic migrations.
    * `--rows` enquiries (1,000,000) each with a lead, a next review and two open actions, bulk
      loaded (COPY on PostgreSQL, executemany in large transactions on SQLite), in batches so
      the bench's own memory stays bounded. Due dates are spread evenly over a year around the
      sweep day; everything whose report date came before the sweep day counts as reported
      already (its "report from" column is NULL, as the projection leaves it), so what the sweep
      finds is one day's work: the rows whose report date is the sweep day itself, plus
      `--backlog-days` more days of backlog (default 0).

What is measured (one JSON object, the last line on stdout; progress goes to stderr)
    sweep_s       the sweeper's search exactly as the service runs it: `find_due` for each kind
                  (overdue reviews, reviews due soon, overdue actions), keyset-paged in chunks of
                  `--chunk` (MSP_OUTCOMES_SWEEP_CHUNK, 1,000) rows, each row made a `Due`. The
                  best of `--repeat` (3) runs. Appending the reports is not part of it: that is
                  the event store's cost, measured by bench/pipeline.py.
    raw_select_s  the same three indexed SELECTs, each run once without paging, every row
                  fetched: what the database alone costs. The best of `--repeat` runs.
    ratio         sweep_s / raw_select_s.
    found         rows the sweep found (and the raw SELECTs returned).
    peak_rss_mb   the process's peak resident memory (ru_maxrss), loading included.

Run: `.venv/bin/python bench/overdue.py --backend sqlite|postgresql [--rows 10000]`.
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

from services.outcomes.app import DEFINITION as OUTCOMES
from services.outcomes.domain.due import DUE_SOON, ONE_DAY
from services.outcomes.sweeper import ORDER, due_query, find_due
from shared.eventstore.database import Database
from shared.migrations import upgrade

SWEEP_DAY = date(2027, 6, 1)
YEAR = 365
BATCH = 50_000
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "msp_bench_overdue"


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _report_from(day: date, backlog_start: date) -> date | None:
    """NULL if reported before the backlog started (what the projection leaves behind)."""
    return day if day >= backlog_start else None


def generate(
    rows: int, backlog_days: int, seed: int = 7
) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    """Batches of rows for enquiry_leads, review_schedule and actions."""
    rng = random.Random(seed)
    backlog_start = SWEEP_DAY - timedelta(days=backlog_days)
    agreed = datetime(2027, 1, 1, tzinfo=UTC)
    for start in range(0, rows, BATCH):
        leads, schedule, actions = [], [], []
        for _ in range(min(BATCH, rows - start)):
            enquiry = _uuid(rng)
            leads.append(
                (
                    enquiry,
                    f"agency-{rng.randrange(40)}",
                    f"practitioner-{rng.randrange(4000)}",
                    1,
                    False,
                    0,
                )
            )
            due = SWEEP_DAY + timedelta(days=rng.randrange(-30, YEAR - 30))
            soon, overdue = (
                _report_from(due - DUE_SOON, backlog_start),
                _report_from(due + ONE_DAY, backlog_start),
            )
            overdue_reported = overdue is None
            soon_reported = soon is None and not overdue_reported
            if overdue_reported:
                soon = None
            schedule.append((enquiry, due, False, soon_reported, overdue_reported, soon, overdue))
            outcome = _uuid(rng)
            for _ in range(2):
                due = SWEEP_DAY + timedelta(days=rng.randrange(-30, YEAR - 30))
                overdue = _report_from(due + ONE_DAY, backlog_start)
                actions.append(
                    (
                        _uuid(rng),
                        enquiry,
                        outcome,
                        "Fit a key safe",
                        "agency",
                        "housing",
                        due,
                        "a phone call each Friday",
                        "open",
                        None,
                        overdue is None,
                        overdue,
                        agreed,
                    )
                )
        yield {"enquiry_leads": leads, "review_schedule": schedule, "actions": actions}


COLUMNS = {
    "enquiry_leads": (
        "enquiry_id",
        "lead_agency_id",
        "lead_practitioner_id",
        "lead_version",
        "closed",
        "status_version",
    ),
    "review_schedule": (
        "enquiry_id",
        "due_on",
        "ended",
        "soon_reported",
        "overdue_reported",
        "soon_from",
        "overdue_from",
    ),
    "actions": (
        "action_id",
        "enquiry_id",
        "outcome_id",
        "what",
        "owner",
        "owner_agency_id",
        "due_on",
        "report_back",
        "status",
        "cancel_reason",
        "overdue_reported",
        "overdue_from",
        "agreed_at",
    ),
}


def _sqlite_value(value: Any) -> Any:
    # As SQLAlchemy stores them on SQLite: UUIDs as 32 hex digits, dates as ISO text.
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def load_sqlite(path: str, rows: int, backlog_days: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    loaded = 0
    for batch in generate(rows, backlog_days):
        with conn:
            for table, values in batch.items():
                names = COLUMNS[table]
                sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
                conn.executemany(sql, ([_sqlite_value(v) for v in row] for row in values))
        loaded += len(batch["enquiry_leads"])
        progress(f"loaded {loaded:,} enquiries")
    conn.execute("ANALYZE")
    conn.close()


async def load_postgres(url: str, rows: int, backlog_days: int) -> None:
    conn = await asyncpg.connect(url)
    loaded = 0
    try:
        for batch in generate(rows, backlog_days):
            for table, values in batch.items():
                await conn.copy_records_to_table(table, records=values, columns=COLUMNS[table])
            loaded += len(batch["enquiry_leads"])
            progress(f"loaded {loaded:,} enquiries")
        await conn.execute("VACUUM ANALYZE enquiry_leads")
        await conn.execute("VACUUM ANALYZE review_schedule")
        await conn.execute("VACUUM ANALYZE actions")
    finally:
        await conn.close()


async def sweep_search(db: Database, chunk: int) -> int:
    found = 0
    for kind in ORDER:
        async for dues in find_due(db, kind, SWEEP_DAY, chunk=chunk):
            found += len(dues)
    return found


async def raw_select(db: Database) -> int:
    found = 0
    async with db.read() as conn:
        for kind in ORDER:
            query, _, _ = due_query(kind, SWEEP_DAY)
            found += len((await conn.execute(query)).all())
    return found


async def best_of(repeat: int, work: Any) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = await work()
        best = min(best, time.perf_counter() - started)
    return best, result


async def measure(url: str, chunk: int, repeat: int) -> dict[str, Any]:
    db = Database(url)
    try:
        await raw_select(db)  # warm the cache and the pool once for both
        raw_s, raw_found = await best_of(repeat, lambda: raw_select(db))
        sweep_s, found = await best_of(repeat, lambda: sweep_search(db, chunk))
    finally:
        await db.dispose()
    assert found == raw_found, (found, raw_found)
    return {
        "sweep_s": round(sweep_s, 4),
        "raw_select_s": round(raw_s, 4),
        "ratio": round(sweep_s / raw_s, 2) if raw_s else None,
        "found": found,
    }


async def run_postgres(args: argparse.Namespace) -> dict[str, Any]:
    server = os.environ.get("MSP_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    admin = await asyncpg.connect(server)
    await admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    base = server.rsplit("/", 1)[0]
    try:
        url = f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{BENCH_DATABASE}"
        await asyncio.to_thread(upgrade, OUTCOMES.migrations, url)
        started = time.perf_counter()
        await load_postgres(f"{base}/{BENCH_DATABASE}", args.rows, args.backlog_days)
        load_s = time.perf_counter() - started
        return {**await measure(url, args.chunk, args.repeat), "load_s": round(load_s, 1)}
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        await admin.close()


async def run_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "outcomes.db")
        url = f"sqlite+aiosqlite:///{path}"
        await asyncio.to_thread(upgrade, OUTCOMES.migrations, url)
        started = time.perf_counter()
        await asyncio.to_thread(load_sqlite, path, args.rows, args.backlog_days)
        load_s = time.perf_counter() - started
        return {**await measure(url, args.chunk, args.repeat), "load_s": round(load_s, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description="The outcomes sweeper's search at scale")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="reviews; actions are twice as many"
    )
    parser.add_argument("--backlog-days", type=int, default=0, help="days of unreported backlog")
    parser.add_argument("--chunk", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run = run_postgres if args.backend == "postgresql" else run_sqlite
    figures = asyncio.run(run(args))
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result = {
        "backend": args.backend,
        "rows": 3 * args.rows,
        "reviews": args.rows,
        "actions": 2 * args.rows,
        **figures,
        "peak_rss_mb": round(peak_rss_mb, 1),
        "chunk": args.chunk,
        "backlog_days": args.backlog_days,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
