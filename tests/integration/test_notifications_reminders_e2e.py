"""End to end over real Redis streams: an overdue review appended to outcomes' event store and
relayed as outcomes' relay does, consumed by notifications, turned into one reminder, delivered
to the lead practitioner's in-app inbox and by email to a real SMTP server on loopback — and
never again after a redelivery of the fact or a restart."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select

from services.notifications.app import DEFINITION as NOTIFICATIONS
from services.notifications.commands.sweep import sweep_once
from services.notifications.tables import messages
from services.outcomes.app import DEFINITION as OUTCOMES
from shared.auth import SYSTEM_ACTOR
from shared.contracts import ALL_EVENTS
from shared.contracts.notifications import ReminderSent
from shared.contracts.outcomes import ReviewOverdue
from shared.eventstore.database import Database
from shared.eventstore.schema import events
from shared.eventstore.store import EventStore
from shared.messaging.names import events_stream
from shared.messaging.relay import OutboxRelay
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests import smtp_support
from tests.notifications_builders import LEAD
from tests.smtp_support import Mailbox
from tests.support import bearer, eventually, migrate, served

pytestmark = pytest.mark.integration
mailbox = smtp_support.mailbox  # the fixture


async def relay_from_outcomes(settings: Settings, redis: Redis, *facts: ReviewOverdue) -> None:
    """Append to outcomes' own event store and relay it, as the outcomes service would."""
    await migrate(OUTCOMES, settings)
    db = Database(settings.database_url_for("outcomes"))
    store = EventStore(db, service="outcomes", registry=ALL_EVENTS, projections=())
    try:
        for fact in facts:
            await store.append(
                str(fact.enquiry_id), 0, [fact], actor=SYSTEM_ACTOR, correlation_id="e2e"
            )
        relay = OutboxRelay(store, redis)
        while await relay.relay_once():
            pass
    finally:
        await store.close()
        await db.dispose()


async def reminders_in_store(runtime: ServiceRuntime) -> int:
    async with runtime.db.read() as conn:
        count = await conn.scalar(
            select(func.count())
            .select_from(events)
            .where(events.c.event_type == ReminderSent.event_type)
        )
    return int(count or 0)


async def message_statuses(runtime: ServiceRuntime) -> list[tuple[str, str]]:
    async with runtime.db.read() as conn:
        rows = await conn.execute(
            select(messages.c.channel, messages.c.status).order_by(messages.c.channel)
        )
        return [(channel, status) for channel, status in rows.all()]


async def test_an_overdue_review_reaches_the_practitioner_once_in_app_and_by_email(
    settings: Settings, redis: Redis, mailbox: tuple[Mailbox, int]
) -> None:
    handler, smtp_port = mailbox
    settings = settings.model_copy(
        update={
            "notifications_smtp_port": smtp_port,
            "notifications_staff_email_domain": "asc.example",
            "notifications_sweep_interval_s": 0.05,
        }
    )
    overdue = ReviewOverdue(
        enquiry_id=uuid.uuid4(),
        lead_agency_id=LEAD.agency_id,
        lead_practitioner_id=LEAD.user_id,
        due_on=date(2026, 11, 20),
    )
    await relay_from_outcomes(settings, redis, overdue)

    async with (
        served(NOTIFICATIONS, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url) as http,
    ):

        async def delivered() -> bool:
            return await message_statuses(runtime) == [("email", "sent"), ("in_app", "sent")]

        await eventually(delivered, what="the reminder delivered on both channels")
        inbox = (await http.get("/inbox", headers=bearer(settings, LEAD))).json()
        assert [(item["cause"], item["subject"]) for item in inbox] == [
            ("reminder", "A review is overdue")
        ]
        assert len(handler.received) == 1
        assert handler.received[0].rcpt_tos == ["practitioner-1@asc.example"]
        assert b"Subject: A review is overdue" in bytes(handler.received[0].original_content or b"")

        # The same fact again on the stream, as `msp dlq retry` would put it back.
        entries = await redis.xrange(events_stream("outcomes"))
        assert entries is not None
        [(_entry_id, fields)] = entries
        assert fields is not None
        await redis.xadd(events_stream("outcomes"), fields)  # type: ignore[arg-type]

        async def consumed() -> bool:
            # Read up to the stream's last entry and nothing pending. (Not XINFO's `lag`: the
            # embedded Redis a fresh clone runs on is 6.x, which does not report it.)
            stream = await redis.xinfo_stream(events_stream("outcomes"))
            groups = await redis.xinfo_groups(events_stream("outcomes"))
            ours = next(g for g in groups if g["name"] == b"notifications.reminders")
            read_all = ours["last-delivered-id"] == stream["last-generated-id"]
            return bool(read_all and ours["pending"] == 0)

        await eventually(consumed, what="the redelivered fact taken and acked")
        await sweep_once(runtime)

    async with served(NOTIFICATIONS, settings) as (_url, runtime):
        await sweep_once(runtime)
        await sweep_once(runtime)
        assert await reminders_in_store(runtime) == 1
        assert await message_statuses(runtime) == [("email", "sent"), ("in_app", "sent")]
    assert len(handler.received) == 1
