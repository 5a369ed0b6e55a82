"""What the reliability tests share: opening many enquiries, counting what arrived."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy import func, select

from services.intake.app import DEFINITION as INTAKE
from services.intake.commands.open_enquiry import open_enquiry
from services.outcomes.tables import enquiry_directory
from shared.events import EventEnvelope
from shared.eventstore.database import Database
from shared.eventstore.schema import inbox
from shared.messaging import wire
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.processes import ServiceProcess
from tests.support import a_correlation_id, an_actor, eventually, running

INTAKE_STREAM, OUTCOMES_GROUP = "msp.intake.events", "outcomes.enquiries"


async def open_enquiries(
    runtime: ServiceRuntime, count: int, *, concurrency: int = 20
) -> list[uuid.UUID]:
    """Open `count` enquiries through intake's command handler, `concurrency` callers at a time."""
    ids = [uuid.uuid4() for _ in range(count)]
    await open_these(runtime, ids, concurrency=concurrency)
    return ids


async def open_these(
    runtime: ServiceRuntime, ids: list[uuid.UUID], *, concurrency: int = 20
) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def one(enquiry_id: uuid.UUID) -> None:
        async with gate:
            await open_enquiry(
                runtime, enquiry_id=enquiry_id, actor=an_actor(), correlation_id=a_correlation_id()
            )

    await asyncio.gather(*(one(i) for i in ids))


async def directory_ids(db: Database) -> list[uuid.UUID]:
    async with db.read() as conn:
        return list((await conn.execute(select(enquiry_directory.c.enquiry_id))).scalars())


async def directory_count(db: Database) -> int:
    async with db.read() as conn:
        return int(await conn.scalar(select(func.count()).select_from(enquiry_directory)) or 0)


async def inbox_count(db: Database, group: str) -> int:
    async with db.read() as conn:
        query = select(func.count()).select_from(inbox).where(inbox.c.consumer_group == group)
        return int(await conn.scalar(query) or 0)


async def stream_envelopes(redis: Redis, stream: str) -> list[EventEnvelope]:
    entries: list[tuple[bytes, dict[bytes, bytes]]] = await redis.xrange(stream)  # type: ignore[assignment]
    return [wire.decode(fields) for _id, fields in entries]


async def wait_until_relayed(redis: Redis, count: int, stream: str = "msp.intake.events") -> None:
    async def relayed() -> bool:
        return await redis.xlen(stream) >= count

    await eventually(relayed, what=f"{count} events on {stream}")


async def wait_until_drained(redis: Redis, stream: str, group: str) -> None:
    """Until the group has read to the stream's end and nothing is pending."""

    async def drained() -> bool:
        groups = {g["name"].decode(): g for g in await redis.xinfo_groups(stream)}
        info = await redis.xinfo_stream(stream)
        last = info["last-generated-id"]
        return (
            group in groups
            and groups[group]["last-delivered-id"] == last
            and groups[group]["pending"] == 0
        )

    await eventually(drained, what=f"{group} drained {stream}")


async def run_cli(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """`msp <args>` as its own process; (exit code, output)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "shared.cli",
        *args,
        env={**os.environ, "COLUMNS": "250", **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return int(process.returncode or 0), output.decode()


@dataclass
class Interrupted:
    opened: list[uuid.UUID]
    applied_before: int
    pending_after: int


async def interrupt_consumer_mid_stream(
    settings: Settings,
    redis: Redis,
    log_dir: Path,
    *,
    events: int,
    interrupt: Callable[[ServiceProcess], Awaitable[None]],
) -> Interrupted:
    """Intake opens `events` enquiries while outcomes, as its own process, consumes them; part-way
    through `interrupt` stops outcomes, which is then started again and left to finish."""
    outcomes = ServiceProcess("outcomes", settings, log_dir)
    await outcomes.start()
    outcomes_db = Database(settings.database_url_for("outcomes"))
    try:
        async with running(INTAKE, settings) as intake:
            # Appending goes on while the consumer is interrupted: the stream keeps growing.
            appending = asyncio.create_task(open_enquiries(intake, events, concurrency=10))

            async def part_way() -> bool:
                return await directory_count(outcomes_db) >= events // 10

            await eventually(part_way, what="the consumer is part-way through")
            await interrupt(outcomes)
            applied_before = await directory_count(outcomes_db)
            pending_after = (await redis.xpending(INTAKE_STREAM, OUTCOMES_GROUP))["pending"]
            opened = await appending
            await outcomes.start()

            async def all_applied() -> bool:
                return await directory_count(outcomes_db) >= events

            await eventually(all_applied, within=180, what="every event applied after the restart")
    finally:
        await outcomes.stop()
        await outcomes_db.dispose()
    return Interrupted(opened, applied_before, int(pending_after))
