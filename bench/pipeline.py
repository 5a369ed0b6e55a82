"""End-to-end benchmark of the event backbone: command -> event store -> relay -> stream -> consumer.

What runs
    * intake, in this process: a started `ServiceRuntime(services.intake.app.DEFINITION)`, so its
      group-committing event store and its outbox relay run exactly as in the service. Commands
      are issued by calling `open_enquiry(runtime, ...)` directly (no HTTP in the loop), from many
      concurrent callers.
    * outcomes, as its own process: `python -m services.outcomes` (port 8002, which must be free),
      consuming `msp.intake.events` into its `enquiry_directory` projection.
    * both on the bench's own databases (`--backend sqlite` in a temporary directory, or
      `--backend postgresql` in the databases `msp_bench_intake` / `msp_bench_outcomes`, created
      and dropped here) and on the bench's own Redis database (`--redis-url`, flushed at start).

What is measured (one JSON object, the last line on stdout; progress goes to stderr)
    events_per_s      N events (`--events`) appended by C concurrent callers (`--concurrency`) as
                      fast as they go; the time from the first append to the moment the last of
                      them is seen committed in outcomes' projection (its row count, polled from
                      outside the process, every 5 ms over the last 2,000 events).
    p50_ms, p99_ms    open loop at a fixed offered rate (`--rate`, for `--latency-seconds`): append
                      i is started at t0 + i / rate whether or not earlier ones have returned. The
                      latency of an event is `inbox.applied_at` in outcomes' database (stamped by
                      the applier inside the transaction that writes the projection row) minus
                      the *scheduled* start of its append (wall clock on the same machine). Using
                      the scheduled time, not the moment the call actually began, keeps a
                      stalled event loop from hiding its own delay (coordinated omission).
    raw_events_per_s  the ceiling the transport alone allows: the same entry bytes the relay
                      writes (`shared.messaging.wire.encode`), N of them XADDed with a redis-py
                      pipeline, then drained by XREADGROUP (count=100) + XACK, timed end to end.
                      It runs first, before any service starts, on the same Redis.
    ratio             events_per_s / raw_events_per_s.
    *_cpu_us_per_event  CPU time (user + system, all threads) spent during the throughput run,
                      per event: `intake_` is this process (intake, its callers and the poller),
                      `outcomes_` the consumer process, `redis_` the Redis server (its INFO: the
                      whole server, so others' work on it counts too), `postgres_` the backends
                      connected to the bench databases (PostgreSQL only). Unlike events/s, these
                      barely move when other work shares the machine.
    intake_cpu_share, outcomes_cpu_share  CPU seconds / wall seconds of that run (1.0 = a core).
    others_cpu_share  CPU the rest of the machine used in that run, in cores: the noise level.
    code              the commit measured, `+modified` if shared/ or services/ differ from it.

Run it with `.venv/bin/python bench/pipeline.py [--backend postgresql]`; see docs/benchmarks.md.
Settings the services read (`MSP_CONSUMER_BATCH_SIZE`, `MSP_RELAY_BATCH_SIZE`, ...) may be set in
the environment: both the in-process intake and the outcomes process see them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import gc
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import psutil
from prometheus_client.parser import text_string_to_metric_families
from redis.asyncio import Redis
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from uvicorn.loops.auto import auto_loop_factory

from services.intake import domain
from services.intake.app import DEFINITION as INTAKE
from services.intake.commands.open_enquiry import open_enquiry
from services.outcomes.app import DEFINITION as OUTCOMES
from services.outcomes.tables import enquiry_directory
from shared.auth import Actor, Role
from shared.events import EventEnvelope
from shared.eventstore.schema import inbox
from shared.logging import configure_logging
from shared.messaging import wire
from shared.messaging.names import consumer_group, events_stream, relay_checkpoint_key
from shared.migrations import upgrade
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import SERVICE_PORTS, Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
BENCH_DATABASE_PREFIX = "msp_bench_"
# The count is polled from the bench process, which also hosts intake: slowly while the end is
# far, every 5 ms near it (resolution where it matters, little CPU taken from intake).
POLL_FAR_S, POLL_NEAR_S, NEAR_EVENTS = 0.100, 0.005, 2_000
READY_TIMEOUT_S = 60.0
DRAIN_TIMEOUT_S = 300.0
STOP_TIMEOUT_S = 30.0
WARMUP_EVENTS = 200
RAW_STREAM = "bench.raw"
RAW_GROUP = "bench.raw"
RAW_PIPELINE_CHUNK = 1_000
RAW_READ_COUNT = 100
ACTOR = Actor(user_id="bench-practitioner", agency_id="bench-agency", role=Role.PRACTITIONER)
OUTCOMES_GROUP = consumer_group(OUTCOMES.name, OUTCOMES.subscriptions[0].purpose)

_started = time.monotonic()


def progress(message: str) -> None:
    print(f"[{time.monotonic() - _started:7.2f}s] {message}", file=sys.stderr, flush=True)


# --- options ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    backend: str
    events: int
    concurrency: int
    rate: float
    latency_seconds: float
    redis_url: str
    postgres_url: str
    profile_dir: Path | None


def parse_options(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--events", type=int, default=20_000, help="events in the throughput run")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent callers")
    parser.add_argument("--rate", type=float, default=500.0, help="offered events/s for latency")
    parser.add_argument("--latency-seconds", type=float, default=10.0, help="latency run length")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="flushed at start")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="write cProfile statistics to DIR: intake.prof (this process, throughput run only) "
        "and outcomes.prof (the whole outcomes process); the figures are then not comparable",
    )
    args = parser.parse_args(argv)
    if args.events < 1 or args.concurrency < 1 or args.rate <= 0 or args.latency_seconds <= 0:
        parser.error("--events, --concurrency, --rate and --latency-seconds must be positive")
    return Options(
        backend=args.backend,
        events=args.events,
        concurrency=args.concurrency,
        rate=args.rate,
        latency_seconds=args.latency_seconds,
        redis_url=args.redis_url,
        postgres_url=os.environ.get("MSP_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        profile_dir=args.profile,
    )


# --- databases -------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def bench_databases(options: Options, data_dir: Path) -> AsyncIterator[str]:
    """The `MSP_DATABASE_URL` template for fresh, migrated databases; removed afterwards."""
    services = (INTAKE, OUTCOMES)
    if options.backend == "sqlite":
        template = f"sqlite+aiosqlite:///{data_dir.as_posix()}/{{service}}.db"
        await _migrate(template, services)
        yield template  # the files go with the temporary directory
        return
    server = make_url(options.postgres_url)._replace(database=None)  # NamedTuple: None = none
    template = (
        server.render_as_string(hide_password=False).rstrip("/")
        + f"/{BENCH_DATABASE_PREFIX}{{service}}"
    )
    names = [f"{BENCH_DATABASE_PREFIX}{definition.name}" for definition in services]
    admin = create_async_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        for name in names:
            await admin_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin_execute(admin, f'CREATE DATABASE "{name}"')
        progress(f"created PostgreSQL databases {', '.join(names)}")
        await _migrate(template, services)
        yield template
    finally:
        for name in names:
            with contextlib.suppress(Exception):
                await admin_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.dispose()
        progress(f"dropped PostgreSQL databases {', '.join(names)}")


async def admin_execute(engine: AsyncEngine, statement: str) -> None:
    async with engine.connect() as conn:
        await conn.execute(text(statement))


async def _migrate(template: str, definitions: Sequence[ServiceDefinition]) -> None:
    for definition in definitions:
        # Alembic's env.py runs its own event loop: keep it off this one.
        await asyncio.to_thread(
            upgrade, definition.migrations, template.format(service=definition.name)
        )
    progress(f"migrated {', '.join(d.name for d in definitions)}")


class OutcomesView:
    """Read-only looks into the outcomes service's database, from outside its process."""

    def __init__(self, url: str, process: subprocess.Popen[bytes]) -> None:
        self._engine = create_async_engine(url)
        self._process = process

    async def projected(self) -> int:
        """The directory's row count: what the runs wait for."""
        async with self._engine.connect() as conn:
            count = await conn.scalar(select(func.count()).select_from(enquiry_directory))
        return int(count or 0)

    async def progress(self) -> int:
        """The last position outcomes' group has applied: never below the row count (one row per
        event, positions from 1), and one index probe, where the count reads the whole table.
        Polled every 5 ms near the end, the count cost PostgreSQL ~15 µs per event of the
        bench's own work, counted in `postgres_cpu_us_per_event`."""
        query = select(func.max(inbox.c.position)).where(inbox.c.consumer_group == OUTCOMES_GROUP)
        async with self._engine.connect() as conn:
            position = await conn.scalar(query)
        return int(position or 0)

    async def applied_at(self) -> dict[UUID, datetime]:
        query = select(inbox.c.event_id, inbox.c.applied_at).where(
            inbox.c.consumer_group == OUTCOMES_GROUP
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {row.event_id: row.applied_at for row in rows}

    async def wait_for(self, expected: int, *, report: Callable[[int], Awaitable[None]]) -> float:
        """Poll until `expected` rows are projected; the wall time at which that was seen."""
        deadline = time.monotonic() + DRAIN_TIMEOUT_S
        next_report = time.monotonic() + 1.0
        while True:
            count = await self.progress()
            if count >= expected:
                count = await self.projected()  # the count only once it can have arrived
                if count >= expected:
                    return time.time()
            if self._process.poll() is not None:
                msg = f"outcomes exited (code {self._process.returncode}) at {count} of {expected}"
                raise RuntimeError(msg)
            if time.monotonic() > deadline:
                msg = f"outcomes projected {count} of {expected} events in {DRAIN_TIMEOUT_S} s"
                raise TimeoutError(msg)
            if time.monotonic() >= next_report:
                await report(count)
                next_report += 1.0
            await asyncio.sleep(POLL_NEAR_S if expected - count <= NEAR_EVENTS else POLL_FAR_S)

    async def dispose(self) -> None:
        await self._engine.dispose()


async def consumer_batch_seconds() -> tuple[float, float]:
    """Outcomes' own `msp_consumer_batch_seconds` histogram: (total seconds, batches) so far."""
    url = f"http://127.0.0.1:{SERVICE_PORTS[OUTCOMES.name]}/metrics"
    async with httpx.AsyncClient(timeout=5.0) as client:
        response = await client.get(url)
    response.raise_for_status()
    total = count = 0.0
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.labels.get("group") != OUTCOMES_GROUP:
                continue
            if sample.name == "msp_consumer_batch_seconds_sum":
                total = sample.value
            elif sample.name == "msp_consumer_batch_seconds_count":
                count = sample.value
    return total, count


# --- the outcomes process --------------------------------------------------------------------


def require_free_port(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            msg = f"port {port} (outcomes) is in use; stop whatever listens on it first"
            raise SystemExit(msg) from error


# uvicorn re-raises SIGTERM once it has shut down: with the default handler the process would die
# before the profile is written, so SIGTERM exits through SystemExit instead.
PROFILED_OUTCOMES = """
import cProfile, runpy, signal, sys
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
profiler = cProfile.Profile()
profiler.enable()
try:
    runpy.run_module("services.outcomes", run_name="__main__")
finally:
    profiler.disable()
    profiler.dump_stats({path!r})
"""


@contextlib.asynccontextmanager
async def outcomes_process(
    env: dict[str, str], profile_dir: Path | None
) -> AsyncIterator[subprocess.Popen[bytes]]:
    """`python -m services.outcomes` on the bench's settings, ready to consume; SIGTERM at exit."""
    port = SERVICE_PORTS[OUTCOMES.name]
    require_free_port(port)
    command = (
        ["-c", PROFILED_OUTCOMES.format(path=str(profile_dir / "outcomes.prof"))]
        if profile_dir
        else ["-m", "services.outcomes"]
    )
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, waited for below
        [sys.executable, *command], cwd=ROOT, env=env
    )
    try:
        await _wait_ready(process, port)
        progress(f"outcomes process {process.pid} ready on port {port}")
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(process.wait, STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                await asyncio.to_thread(process.wait)
        progress(f"outcomes process stopped (exit code {process.returncode})")


async def _wait_ready(process: subprocess.Popen[bytes], port: int) -> None:
    """Until `/ready` answers 200 from this very process (another may have taken the port since
    it was checked: uvicorn binds only after the app has started, and then exits)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    async with httpx.AsyncClient(timeout=1.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                msg = f"outcomes exited with code {process.returncode} before it was ready"
                raise RuntimeError(msg)
            with contextlib.suppress(httpx.HTTPError):
                response = await client.get(f"http://127.0.0.1:{port}/ready")
                if response.status_code == httpx.codes.OK and listens_on(process.pid, port):
                    return
            await asyncio.sleep(0.1)
    msg = f"outcomes was not ready within {READY_TIMEOUT_S} s"
    raise TimeoutError(msg)


def listens_on(pid: int, port: int) -> bool:
    """Whether process `pid` itself holds the listening socket on `port`."""
    with contextlib.suppress(psutil.Error):
        for connection in psutil.Process(pid).net_connections(kind="tcp"):
            if connection.status == psutil.CONN_LISTEN and connection.laddr.port == port:
                return True
    return False


# --- CPU accounting --------------------------------------------------------------------------


def _cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


@dataclass(frozen=True)
class CpuSample:
    wall: float
    intake: float
    outcomes: float
    redis: float
    postgres: dict[int, float]  # per backend process of the bench databases
    machine_busy: float  # every core's busy seconds, whoever used them


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds spent between two samples, by part."""

    wall: float
    intake: float
    outcomes: float
    redis: float
    postgres: float
    others: float

    def per_event_us(self, part: float, events: int) -> float:
        return round(part / max(events, 1) * 1e6, 1)


class CpuMeter:
    """CPU time of the pipeline's parts, read from the kernel: a cost per event that load from
    other work on the machine barely changes, unlike the wall-clock rates."""

    def __init__(self, outcomes_pid: int, redis: Redis) -> None:
        self._intake = psutil.Process()
        self._outcomes = psutil.Process(outcomes_pid)
        self._redis = redis

    async def sample(self) -> CpuSample:
        info: dict[str, Any] = await self._redis.info("cpu")
        machine = psutil.cpu_times()
        busy = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
        return CpuSample(
            wall=time.perf_counter(),
            intake=_cpu_seconds(self._intake),
            outcomes=_cpu_seconds(self._outcomes),
            redis=float(info["used_cpu_user"]) + float(info["used_cpu_sys"]),
            postgres=_bench_backends(),
            machine_busy=busy,
        )

    @staticmethod
    def between(before: CpuSample, after: CpuSample) -> CpuUse:
        postgres = sum(
            seconds - before.postgres.get(pid, 0.0) for pid, seconds in after.postgres.items()
        )
        ours = (
            (after.intake - before.intake)
            + (after.outcomes - before.outcomes)
            + (after.redis - before.redis)
            + postgres
        )
        return CpuUse(
            wall=after.wall - before.wall,
            intake=after.intake - before.intake,
            outcomes=after.outcomes - before.outcomes,
            redis=after.redis - before.redis,
            postgres=postgres,
            others=max(0.0, after.machine_busy - before.machine_busy - ours),
        )


def _bench_backends() -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving a bench database (its process title names
    the database); empty on SQLite."""
    found: dict[int, float] = {}
    for process in psutil.process_iter(["name", "cmdline"]):
        with contextlib.suppress(psutil.Error):
            if process.info["name"] != "postgres":
                continue
            title = " ".join(process.info["cmdline"] or ())
            if BENCH_DATABASE_PREFIX in title:
                found[process.pid] = _cpu_seconds(process)
    return found


# --- the raw transport baseline --------------------------------------------------------------


def sample_envelope() -> EventEnvelope:
    """An `intake.EnquiryOpened` envelope as the event store builds it."""
    now = datetime.now(UTC)
    enquiry_id = uuid4()
    (event,) = domain.open_enquiry(enquiry_id=enquiry_id, actor=ACTOR, now=now)
    return EventEnvelope(
        event_id=uuid4(),
        event_type=event.event_type,
        schema_version=event.schema_version,
        stream_id=str(enquiry_id),
        version=1,
        position=1,
        occurred_at=now,
        actor=ACTOR,
        correlation_id=str(uuid4()),
        payload=event.model_dump(mode="json"),
    )


async def raw_events_per_s(redis: Redis, count: int) -> float:
    """Pipelined XADD of `count` relay-format entries, then XREADGROUP + XACK until drained."""
    fields = await wire.encode(sample_envelope())
    await redis.delete(RAW_STREAM)
    await redis.xgroup_create(RAW_STREAM, RAW_GROUP, id="0", mkstream=True)
    started = time.perf_counter()
    for first in range(0, count, RAW_PIPELINE_CHUNK):
        async with redis.pipeline(transaction=False) as pipe:
            for _ in range(min(RAW_PIPELINE_CHUNK, count - first)):
                pipe.xadd(RAW_STREAM, fields)  # type: ignore[arg-type]
            await pipe.execute()
    acked = 0
    while acked < count:
        # redis-py's reply: [[stream, [(entry_id, fields), ...]]], typed loosely.
        reply: Any = await redis.xreadgroup(
            RAW_GROUP, "bench-1", {RAW_STREAM: ">"}, count=RAW_READ_COUNT
        )
        if not reply:
            msg = f"the raw stream ran dry after {acked} of {count} entries"
            raise RuntimeError(msg)
        ids: list[bytes] = [entry_id for entry_id, _fields in reply[0][1]]
        await redis.xack(RAW_STREAM, RAW_GROUP, *ids)
        acked += len(ids)
    elapsed = time.perf_counter() - started
    await redis.delete(RAW_STREAM)
    progress(
        f"raw redis-py: {count} entries of {len(fields[wire.DATA_FIELD])} bytes "
        f"in {elapsed:.2f} s = {count / elapsed:,.0f}/s"
    )
    return count / elapsed


# --- load generation -------------------------------------------------------------------------


@dataclass
class Tally:
    """What the intake side has done so far (for progress lines)."""

    appended: int = 0
    append_ms: list[float] = field(default_factory=list)


async def append_one(runtime: ServiceRuntime, tally: Tally) -> list[EventEnvelope]:
    started = time.perf_counter()
    envelopes = await open_enquiry(
        runtime, enquiry_id=uuid4(), actor=ACTOR, correlation_id=str(uuid4())
    )
    tally.append_ms.append((time.perf_counter() - started) * 1000)
    tally.appended += len(envelopes)
    return envelopes


async def closed_loop(runtime: ServiceRuntime, tally: Tally, total: int, callers: int) -> None:
    """`callers` tasks appending back to back until `total` appends were issued."""
    issued = 0

    async def caller() -> None:
        nonlocal issued
        while issued < total:
            issued += 1
            await append_one(runtime, tally)

    await asyncio.gather(*(caller() for _ in range(callers)))


async def open_loop(
    runtime: ServiceRuntime, tally: Tally, rate: float, seconds: float
) -> tuple[dict[UUID, float], float]:
    """Start one append every 1/rate s without waiting for earlier ones.

    Returns each event's scheduled start (wall clock, s) and the worst lateness of a start (ms).
    """
    loop = asyncio.get_running_loop()
    total = max(1, round(rate * seconds))
    scheduled_at: dict[UUID, float] = {}
    tasks: list[asyncio.Task[None]] = []
    worst_lateness = 0.0
    mono_zero, wall_zero = loop.time() + 0.05, time.time() + 0.05

    async def one(scheduled_wall: float) -> None:
        for envelope in await append_one(runtime, tally):
            scheduled_at[envelope.event_id] = scheduled_wall

    for i in range(total):
        due = mono_zero + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        worst_lateness = max(worst_lateness, loop.time() - due)
        tasks.append(asyncio.create_task(one(wall_zero + i / rate)))
    await asyncio.gather(*tasks)
    return scheduled_at, worst_lateness * 1000


# --- the run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Results:
    backend: str
    events: int
    concurrency: int
    offered_rate: float
    events_per_s: float
    p50_ms: float
    p99_ms: float
    raw_events_per_s: float
    ratio: float
    intake_cpu_us_per_event: float
    outcomes_cpu_us_per_event: float
    redis_cpu_us_per_event: float
    postgres_cpu_us_per_event: float
    intake_cpu_share: float
    outcomes_cpu_share: float
    others_cpu_share: float
    code: str


def code_version() -> str:
    """The commit measured, `+modified` when shared/ or services/ differ from it ("" off git)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "status", "--porcelain", "--", "shared", "services"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f"{commit}+modified" if changes else commit


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class Pipeline:
    """The started intake runtime and a view into outcomes: drives load and watches it arrive."""

    def __init__(
        self,
        runtime: ServiceRuntime,
        view: OutcomesView,
        meter: CpuMeter,
        profiler: cProfile.Profile | None = None,
    ) -> None:
        self.profiler = profiler
        self.runtime = runtime
        self.view = view
        self.meter = meter
        self.tally = Tally()
        self.sent = 0  # events appended so far over all phases
        self.throughput_cpu: CpuUse | None = None

    async def report(self, projected: int) -> None:
        relayed = int(await self.runtime.redis.get(relay_checkpoint_key(INTAKE.name)) or 0)
        progress(
            f"  appended {self.tally.appended:>6}  relayed {relayed:>6}  projected {projected:>6}"
        )

    async def warm_up(self) -> None:
        await closed_loop(self.runtime, self.tally, WARMUP_EVENTS, 10)
        self.sent += WARMUP_EVENTS
        await self.view.wait_for(self.sent, report=self.report)
        progress(f"warm-up: {WARMUP_EVENTS} events went through")

    async def throughput(self, events: int, callers: int) -> float:
        progress(f"throughput: {events} events from {callers} concurrent callers")
        self.tally.append_ms.clear()

        async def load() -> float:
            await closed_loop(self.runtime, self.tally, events, callers)
            return time.time()

        cpu_before = await self.meter.sample()
        if self.profiler:
            self.profiler.enable()
        started = time.time()
        appending = asyncio.create_task(load())
        self.sent += events
        seen = await self.view.wait_for(self.sent, report=self.report)
        if self.profiler:
            self.profiler.disable()
        cpu = self.throughput_cpu = CpuMeter.between(cpu_before, await self.meter.sample())
        appended = await appending
        elapsed = seen - started
        progress(
            f"throughput: {events / elapsed:,.0f} events/s end to end ({elapsed:.2f} s); "
            f"the appends alone took {appended - started:.2f} s "
            f"({events / (appended - started):,.0f}/s), each p50 "
            f"{percentile(self.tally.append_ms, 50):.1f} ms, "
            f"p99 {percentile(self.tally.append_ms, 99):.1f} ms"
        )
        progress(
            f"throughput: CPU per event: intake {cpu.per_event_us(cpu.intake, events)} us, "
            f"outcomes {cpu.per_event_us(cpu.outcomes, events)} us, "
            f"redis {cpu.per_event_us(cpu.redis, events)} us, "
            f"postgres {cpu.per_event_us(cpu.postgres, events)} us; cores busy: intake "
            f"{cpu.intake / cpu.wall:.2f}, outcomes {cpu.outcomes / cpu.wall:.2f}, "
            f"everything else on the machine {cpu.others / cpu.wall:.2f}"
        )
        return events / elapsed

    async def latency(self, rate: float, seconds: float) -> tuple[float, float]:
        progress(f"latency: open loop at {rate:g} events/s for {seconds:g} s")
        self.tally.append_ms.clear()
        batch_s_before, batches_before = await consumer_batch_seconds()
        scheduled_at, lateness_ms = await open_loop(self.runtime, self.tally, rate, seconds)
        self.sent += len(scheduled_at)
        await self.view.wait_for(self.sent, report=self.report)
        batch_s, batches = await consumer_batch_seconds()
        mean_batch_ms = (batch_s - batch_s_before) / max(batches - batches_before, 1) * 1000
        applied = await self.view.applied_at()
        latencies = [
            (applied[event_id].timestamp() - scheduled) * 1000
            for event_id, scheduled in scheduled_at.items()
        ]
        p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
        progress(
            f"latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(latencies):.1f} ms "
            f"over {len(latencies)} events; append alone p50 "
            f"{percentile(self.tally.append_ms, 50):.1f} ms, p99 "
            f"{percentile(self.tally.append_ms, 99):.1f} ms; worst start lateness "
            f"{lateness_ms:.1f} ms; {batches - batches_before:.0f} consumer batches of "
            f"{mean_batch_ms:.1f} ms on average (applied_at precedes the commit by less)"
        )
        return p50, p99


async def stop_runtime(runtime: ServiceRuntime) -> None:
    """`runtime.stop()`; should it hang, show where every task waits and leave them behind."""
    stopping = asyncio.create_task(runtime.stop(), name="intake-stop")
    done, _ = await asyncio.wait({stopping}, timeout=STOP_TIMEOUT_S)
    if stopping in done:
        stopping.result()
        progress("intake runtime stopped")
        return
    progress(f"WARNING: ServiceRuntime.stop() did not return within {STOP_TIMEOUT_S:g} s:")
    others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in others:
        print(f"--- task {task.get_name()}", file=sys.stderr)
        task.print_stack(file=sys.stderr)
    for task in others:
        task.cancel()
    await asyncio.wait(others, timeout=5.0)


def settings_env(options: Options, data_dir: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "MSP_REDIS_URL": options.redis_url,
        "MSP_DATABASE_URL": database_url,
        "MSP_DATA_DIR": str(data_dir),
        "MSP_SECRET_KEY": secrets.token_urlsafe(48),
        "MSP_PORT": str(SERVICE_PORTS[OUTCOMES.name]),  # whatever the caller's environment says
        "MSP_LOG_LEVEL": os.environ.get("MSP_LOG_LEVEL", "WARNING"),
        "MSP_LOG_FORMAT": os.environ.get("MSP_LOG_FORMAT", "console"),
        "PYTHONUNBUFFERED": "1",
    }


async def run(options: Options, code: str) -> Results:
    loop = type(asyncio.get_running_loop())
    progress(
        f"measuring {code or 'code outside git'} on {options.backend} ({loop.__module__} loop)"
    )
    redis = Redis.from_url(options.redis_url)
    try:
        await redis.flushdb()
        progress(f"flushed {options.redis_url}")
        raw = await raw_events_per_s(redis, options.events)
    finally:
        await redis.aclose()

    with tempfile.TemporaryDirectory(prefix="msp-bench-") as tmp:
        data_dir = Path(tmp)
        async with bench_databases(options, data_dir) as database_url:
            env = settings_env(options, data_dir, database_url)
            settings = Settings(
                redis_url=env["MSP_REDIS_URL"],
                database_url=database_url,
                data_dir=data_dir,
                secret_key=env["MSP_SECRET_KEY"],
            )
            async with outcomes_process(env, options.profile_dir) as outcomes:
                view = OutcomesView(settings.database_url_for(OUTCOMES.name), outcomes)
                runtime = ServiceRuntime(INTAKE, settings)
                # As `shared.serve.run_http` does for a service: the start-up heap is never
                # scanned again by the collector.
                gc.collect()
                gc.freeze()
                await runtime.start()
                progress(f"intake runtime started (relay to {events_stream(INTAKE.name)})")
                meter = CpuMeter(outcomes.pid, runtime.redis)
                try:
                    profiler = cProfile.Profile() if options.profile_dir else None
                    pipeline = Pipeline(runtime, view, meter, profiler)
                    await pipeline.warm_up()
                    events_per_s = await pipeline.throughput(options.events, options.concurrency)
                    p50, p99 = await pipeline.latency(options.rate, options.latency_seconds)
                finally:
                    await stop_runtime(runtime)
                    await view.dispose()
                    if options.profile_dir and pipeline.profiler:
                        pipeline.profiler.dump_stats(options.profile_dir / "intake.prof")
    cpu = pipeline.throughput_cpu
    assert cpu is not None  # the throughput run sets it
    events = options.events
    return Results(
        backend=options.backend,
        events=options.events,
        concurrency=options.concurrency,
        offered_rate=options.rate,
        events_per_s=round(events_per_s, 1),
        p50_ms=round(p50, 1),
        p99_ms=round(p99, 1),
        raw_events_per_s=round(raw, 1),
        ratio=round(events_per_s / raw, 3),
        intake_cpu_us_per_event=cpu.per_event_us(cpu.intake, events),
        outcomes_cpu_us_per_event=cpu.per_event_us(cpu.outcomes, events),
        redis_cpu_us_per_event=cpu.per_event_us(cpu.redis, events),
        postgres_cpu_us_per_event=cpu.per_event_us(cpu.postgres, events),
        intake_cpu_share=round(cpu.intake / cpu.wall, 2),
        outcomes_cpu_share=round(cpu.outcomes / cpu.wall, 2),
        others_cpu_share=round(cpu.others / cpu.wall, 2),
        code=code,
    )


async def flush(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    try:
        await redis.flushdb()
    finally:
        await redis.aclose()


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    if options.profile_dir:
        options.profile_dir.mkdir(parents=True, exist_ok=True)
    configure_logging("bench", level=os.environ.get("MSP_LOG_LEVEL", "WARNING"))
    # Intake runs on the event loop uvicorn gives a service (`loop="auto"`: uvloop if installed).
    try:
        with asyncio.Runner(loop_factory=auto_loop_factory()) as runner:
            results = runner.run(run(options, code_version()))
    finally:
        with contextlib.suppress(Exception):
            asyncio.run(flush(options.redis_url))
    print(json.dumps(asdict(results)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
