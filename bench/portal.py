"""Benchmark of the portal's pages: caseload and enquiry with many enquiries and concurrent users.

What runs
    intake, outcomes (the caseload's due flags come from it) and the portal, each as its own
    process (`python -m services.<name>`, as `make run` starts them) on free ports, with an
    embedded Redis of the bench's own and SQLite files in a temporary directory (or
    `--database-url`, a `{service}` template, e.g. PostgreSQL).
    `--enquiries` enquiries are opened through intake's HTTP API, all led by one agency, so every
    caseload query sorts the whole agency's list; `--users` practitioners of that agency are
    created in the portal's database and signed in through the sign-in form.

What is measured (one JSON object, the last line on stdout; progress goes to stderr)
    Each user, concurrently, repeats rounds of: GET /caseload, GET /enquiries/<a random one of
    them>, GET /assets/portal.css (a static file: the baseline of the same server, the same
    client and the same moment). A request's time is from sending it to having read the whole
    answer; the first `--warm-up` rounds are not counted. Two phases, in this order:

    saturation  `--saturation-rounds` rounds with no pause between pages: 20 clients each firing
                its next request the moment the last one answers. This is the most the machine
                serves (`saturated_pages_per_s`); the latencies are then mostly queueing, about
                users / rate, and say how the pages behave past capacity, not what a user sees.
    users       `--rounds` rounds, each user pausing after every page for a think time drawn
                evenly from 0.5 to 1.5 times `--think-ms` (1,000 ms: a page a second per person,
                far quicker than people read a caseload). This is "20 concurrent users", and its
                percentiles are the figures the target is about.

    caseload_p95_ms, enquiry_p95_ms, static_p95_ms (and p50s) of the users phase; the same keys
    prefixed `saturated_` for the saturation phase; enquiries; users; think_ms; requests;
    pages_per_s (requests over the phase's wall time); and, to see where the time goes,
    <process>_cpu_ms_per_request: each service process's CPU (user + system, all threads) and the
    bench's own (the client) over the phase, per request.

Run it with `.venv/bin/python bench/portal.py`; the target (issue #7) is p95 <= 150 ms for the
caseload and enquiry pages with 10,000 enquiries and 20 users.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil

from services.portal.accounts.store import AccountStore, NewAccount
from shared.auth import Actor, Role, TokenService
from shared.clock import SystemClock
from shared.embedded_redis import EmbeddedRedis, free_port
from shared.eventstore.database import Database
from shared.settings import Settings, load_settings

AGENCY = "adult-social-care"
PASSWORD = "bench-password-not-secret"
SECRET = "bench-secret-key-long-enough-for-production-0123456789"
CSRF_FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')
READY_S = 120.0
SERVICES = ("intake", "outcomes", "portal")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def services(
    data_dir: Path, database_url: str | None
) -> Iterator[tuple[Settings, dict[str, psutil.Process]]]:
    redis = EmbeddedRedis(data_dir / "redis", persistent=False).start()
    urls = {name: f"http://127.0.0.1:{free_port()}" for name in SERVICES}
    overrides: dict[str, Any] = {"database_url": database_url} if database_url else {}
    settings = load_settings(
        data_dir=data_dir, redis_url=redis.url, secret_key=SECRET, service_urls=urls, **overrides
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("MSP_")}
    env |= {
        "MSP_DATA_DIR": str(data_dir),
        "MSP_REDIS_URL": redis.url,
        "MSP_SECRET_KEY": SECRET,
        "MSP_SERVICE_URLS": json.dumps(urls),
        "MSP_DATABASE_URL": settings.database_url,
        "MSP_LOG_LEVEL": "WARNING",
        "MSP_LOG_FORMAT": "json",
    }
    processes = []
    try:
        for name, url in urls.items():
            log = (data_dir / f"{name}.log").open("ab")
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", f"services.{name}"],
                    env=env | {"MSP_PORT": url.rsplit(":", 1)[1]},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        wait_until_ready(list(urls.values()))
        yield (
            settings,
            {name: psutil.Process(p.pid) for name, p in zip(urls, processes, strict=True)},
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        redis.stop()


def wait_until_ready(urls: list[str]) -> None:
    deadline = time.monotonic() + READY_S
    pending = set(urls)
    while pending:
        if time.monotonic() > deadline:
            raise SystemExit(f"not ready: {sorted(pending)}")
        for url in sorted(pending):
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == httpx.codes.OK:
                    pending.discard(url)
            except httpx.HTTPError:
                pass
        time.sleep(0.25)


async def open_enquiries(settings: Settings, count: int, concurrency: int) -> list[uuid.UUID]:
    tokens = TokenService(settings.signing_key, ttl=timedelta(hours=1))
    actor = Actor(user_id="bench-lead", agency_id=AGENCY, role=Role.PRACTITIONER)
    headers = {"Authorization": f"Bearer {tokens.issue(actor)}"}
    ids = [uuid.uuid4() for _ in range(count)]
    queue = iter(ids)

    async def opener(client: httpx.AsyncClient) -> None:
        for enquiry_id in queue:
            response = await client.post(
                "/enquiries", json={"enquiry_id": str(enquiry_id)}, headers=headers
            )
            response.raise_for_status()

    async with httpx.AsyncClient(base_url=settings.url_of("intake"), timeout=30) as client:
        await asyncio.gather(*(opener(client) for _ in range(concurrency)))
    return ids


async def signed_in_users(settings: Settings, users: int) -> list[httpx.AsyncClient]:
    db = Database(settings.database_url_for("portal"))
    store, now = AccountStore(db), SystemClock().now()
    for n in range(users):
        user = f"bench-user-{n}"
        account = NewAccount(user, f"{user}@example.org", user, AGENCY, Role.PRACTITIONER, PASSWORD)
        await store.add_if_missing(account, now=now)
    await db.dispose()
    clients = []
    for n in range(users):
        client = httpx.AsyncClient(base_url=settings.url_of("portal"), timeout=30)
        form = await client.get("/sign-in")
        match = CSRF_FIELD.search(form.text)
        assert match is not None
        data = {"csrftoken": match[1], "email": f"bench-user-{n}@example.org", "password": PASSWORD}
        response = await client.post("/sign-in", data=data)
        assert response.status_code == httpx.codes.SEE_OTHER, response.status_code
        clients.append(client)
    return clients


async def timed_get(client: httpx.AsyncClient, path: str) -> float:
    started = time.perf_counter()
    response = await client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == httpx.codes.OK, f"{path}: {response.status_code}"
    return elapsed


async def user_rounds(
    client: httpx.AsyncClient, ids: list[uuid.UUID], rounds: int, warm_up: int, think_s: float
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"caseload": [], "enquiry": [], "static": []}
    paths: dict[str, Callable[[], str]] = {
        "caseload": lambda: "/caseload",
        "enquiry": lambda: f"/enquiries/{random.choice(ids)}",
        "static": lambda: "/assets/portal.css",
    }
    # Users start at different moments, as people do, rather than all in the same millisecond.
    await asyncio.sleep(random.uniform(0, think_s))
    for round_number in range(warm_up + rounds):
        for page, path in paths.items():
            elapsed = await timed_get(client, path())
            if round_number >= warm_up:
                times[page].append(elapsed)
            if think_s:
                await asyncio.sleep(random.uniform(0.5 * think_s, 1.5 * think_s))
    return times


def percentile(values: list[float], share: float) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(share) - 1], 1)


def cpu_seconds(processes: dict[str, psutil.Process]) -> dict[str, float]:
    """Each process's CPU so far (user + system, all threads)."""
    return {name: sum(process.cpu_times()[:2]) for name, process in processes.items()}


async def run_phase(
    clients: list[httpx.AsyncClient],
    ids: list[uuid.UUID],
    processes: dict[str, psutil.Process],
    *,
    rounds: int,
    warm_up: int,
    think_s: float,
) -> dict[str, Any]:
    """Every user's rounds at once; the percentiles, the rate, and CPU per request."""
    cpu_before, wall_before = cpu_seconds(processes), time.monotonic()
    results = await asyncio.gather(
        *(user_rounds(client, ids, rounds, warm_up, think_s) for client in clients)
    )
    cpu_after, wall = cpu_seconds(processes), time.monotonic() - wall_before
    pages = {page: [t for result in results for t in result[page]] for page in results[0]}
    requests = sum(len(times) for times in pages.values())
    # Warm-up rounds are in the wall and CPU time too: divide by every request made.
    made = requests * (rounds + warm_up) / rounds
    figures: dict[str, Any] = {"requests": requests, "pages_per_s": round(made / wall, 1)}
    for name in processes:
        used_ms = (cpu_after[name] - cpu_before[name]) * 1000
        figures[f"{name}_cpu_ms_per_request"] = round(used_ms / made, 2)
    for page, times in pages.items():
        figures[f"{page}_p50_ms"] = percentile(times, 50)
        figures[f"{page}_p95_ms"] = percentile(times, 95)
    return figures


async def measure(
    settings: Settings, processes: dict[str, psutil.Process], args: argparse.Namespace
) -> dict[str, Any]:
    started = time.monotonic()
    ids = await open_enquiries(settings, args.enquiries, args.load_concurrency)
    say(f"{len(ids)} enquiries opened in {time.monotonic() - started:.0f} s")
    clients = await signed_in_users(settings, args.users)
    processes = processes | {"bench": psutil.Process()}
    try:
        say(f"{len(clients)} users signed in; saturation: {args.saturation_rounds} rounds each")
        saturated = await run_phase(
            clients,
            ids,
            processes,
            rounds=args.saturation_rounds,
            warm_up=args.warm_up,
            think_s=0.0,
        )
        say(f"users: {args.rounds} rounds each, thinking {args.think_ms} ms on average")
        users = await run_phase(
            clients,
            ids,
            processes,
            rounds=args.rounds,
            warm_up=args.warm_up,
            think_s=args.think_ms / 1000,
        )
    finally:
        for client in clients:
            await client.aclose()
    return {
        **{f"saturated_{key}": value for key, value in saturated.items()},
        **users,
        "think_ms": args.think_ms,
        "enquiries": len(ids),
        "users": len(clients),
        **{key: users[key] for key in ("caseload_p95_ms", "enquiry_p95_ms", "static_p95_ms")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enquiries", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=25, help="measured rounds per user")
    parser.add_argument("--warm-up", type=int, default=3, help="rounds per user not counted")
    parser.add_argument(
        "--think-ms", type=int, default=1000, help="mean pause after each page (0.5x to 1.5x)"
    )
    parser.add_argument(
        "--saturation-rounds", type=int, default=15, help="measured rounds with no pause"
    )
    parser.add_argument("--load-concurrency", type=int, default=16)
    parser.add_argument("--database-url", help="a `{service}` URL template (default: SQLite)")
    parser.add_argument(
        "--keep", type=Path, help="a new directory for the data, kept afterwards (to look into)"
    )
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True)
    with (
        nullcontext(str(args.keep))
        if args.keep
        else tempfile.TemporaryDirectory(prefix="msp-bench-portal-") as scratch,
        services(Path(scratch), args.database_url) as (settings, processes),
    ):
        figures = asyncio.run(measure(settings, processes, args))
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
