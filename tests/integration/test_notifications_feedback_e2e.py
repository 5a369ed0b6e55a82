"""End to end over real Redis streams: enquiries closed in intake's event store and relayed as
intake's relay does → the feedback service requests feedback → notifications reminds the lead
and asks the person in the way they prefer (easy-read email, never the letter they refused; a
task where no allowed way exists) → delivered to a real SMTP server. Nothing again after a
restart. The staff directory's API on the same service, and the demo directory."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select

from services.feedback.app import DEFINITION as FEEDBACK
from services.intake.app import DEFINITION as INTAKE
from services.notifications.app import DEFINITION as NOTIFICATIONS
from services.notifications.commands.sweep import sweep_once
from services.notifications.tables import messages, staff
from services.portal.demo_accounts import DEMO_ACCOUNTS
from shared.auth import SYSTEM_ACTOR, Role
from shared.codes import ContactMethod as M
from shared.contracts import ALL_EVENTS, intake
from shared.contracts.notifications import ReminderSent
from shared.demo import load_demo_staff
from shared.events import DomainEvent
from shared.eventstore.database import Database
from shared.eventstore.schema import events
from shared.eventstore.store import EventStore
from shared.messaging.relay import OutboxRelay
from shared.replay import replay
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests import smtp_support
from tests.integration.test_notifications_disclosures_api import rows_of
from tests.notifications_builders import LEAD, an_enquiry, preferences
from tests.smtp_support import Mailbox
from tests.support import an_actor, bearer, eventually, migrate, served

pytestmark = pytest.mark.integration
mailbox = smtp_support.mailbox  # the fixture


def closed(enquiry_id: uuid.UUID, at: datetime) -> intake.EnquiryClosed:
    return intake.EnquiryClosed(
        enquiry_id=enquiry_id,
        lead_agency_id=LEAD.agency_id,
        lead_practitioner_id=LEAD.user_id,
        closed_at=at,
        closure_reason="outcomes met",
        signed_off_by="manager-7",
    )


async def relay_from_intake(
    settings: Settings, redis: Redis, *histories: list[DomainEvent]
) -> None:
    """Append each enquiry's history to intake's own event store and relay it, as intake would."""
    await migrate(INTAKE, settings)
    db = Database(settings.database_url_for("intake"))
    store = EventStore(db, service="intake", registry=ALL_EVENTS, projections=())
    try:
        for history in histories:
            stream = str(history[0].model_dump()["enquiry_id"])
            for version, event in enumerate(history):
                await store.append(
                    stream, version, [event], actor=SYSTEM_ACTOR, correlation_id="e2e"
                )
        relay = OutboxRelay(store, redis)
        while await relay.relay_once():
            pass
    finally:
        await store.close()
        await db.dispose()


async def sent(runtime: ServiceRuntime) -> list[tuple[str, str, str, str, bool]]:
    query = select(
        messages.c.cause,
        messages.c.channel,
        messages.c.recipient_id,
        messages.c.status,
        messages.c.easy_read,
    ).order_by(messages.c.cause, messages.c.channel)
    async with runtime.db.read() as conn:
        return [tuple(row) for row in (await conn.execute(query)).all()]


async def reminders_in_store(runtime: ServiceRuntime) -> int:
    query = (
        select(func.count())
        .select_from(events)
        .where(events.c.event_type == ReminderSent.event_type)
    )
    async with runtime.db.read() as conn:
        return int(await conn.scalar(query) or 0)


async def test_a_closed_enquiry_leads_to_feedback_asked_the_way_the_person_prefers(
    settings: Settings, redis: Redis, mailbox: tuple[Mailbox, int]
) -> None:
    handler, smtp_port = mailbox
    settings = settings.model_copy(
        update={
            "notifications_smtp_port": smtp_port,
            "notifications_sweep_interval_s": 0.05,
            "feedback_sweep_interval_s": 0.05,
        }
    )
    now = datetime.now(UTC)
    by_email, by_task = uuid.uuid4(), uuid.uuid4()
    await relay_from_intake(
        settings,
        redis,
        [
            *an_enquiry(by_email, at=now, contact="joyce@example.org"),
            preferences(
                by_email,
                at=now,
                contact_allowed=[M.LETTER, M.EMAIL],
                contact_refused=[M.LETTER],
                in_their_words="please don't send me letters",
                easy_read=True,
                pictures=True,
            ),
            closed(by_email, now),
        ],
        [
            *an_enquiry(by_task, at=now, contact="12 Mill Lane, St Helier"),
            preferences(by_task, at=now, contact_allowed=[M.FACE_TO_FACE]),
            closed(by_task, now),
        ],
    )
    expected = [
        ("feedback_request", "email", "person", "sent", True),
        ("feedback_request", "task", LEAD.user_id, "sent", False),
        ("reminder", "in_app", LEAD.user_id, "sent", False),
        ("reminder", "in_app", LEAD.user_id, "sent", False),
    ]

    async with (
        served(FEEDBACK, settings),
        served(NOTIFICATIONS, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url) as http,
    ):
        last: list[tuple[str, str, str, str, bool]] = []

        async def delivered() -> bool:
            last[:] = await sent(runtime)
            return last == expected

        try:
            await eventually(delivered, what="the feedback requests delivered")
        except AssertionError as failure:  # say what was there instead (ids and statuses only)
            raise AssertionError(f"{failure}; the messages were {last}") from None
        [mail] = handler.received
        assert mail.rcpt_tos == ["joyce@example.org"]
        content = bytes(mail.original_content or b"")
        assert b"Subject: Tell us how it went" in content
        assert b"/feedback/link" not in content  # never a link or token in a message
        inbox = (await http.get("/inbox", headers=bearer(settings, LEAD))).json()
        assert sorted(item["subject"] for item in inbox) == [
            "Ask for feedback in person",
            "Feedback to ask for",
            "Feedback to ask for",
        ]
        letters = settings.data_dir / "outbox" / "letter"
        assert not letters.exists() or not any(letters.iterdir())

        await check_the_staff_directory(settings, http)

    async with served(NOTIFICATIONS, settings) as (_url, runtime):
        await sweep_once(runtime)
        assert await reminders_in_store(runtime) == 2
        assert await sent(runtime) == expected
        await assert_replay_rebuilds_every_read_model(runtime)
    assert len(handler.received) == 1


async def check_the_staff_directory(settings: Settings, http: httpx.AsyncClient) -> None:
    manager = bearer(settings, an_actor(user="manager-7", role=Role.MANAGER))
    other_agency = bearer(settings, an_actor(agency="police", user="pm", role=Role.MANAGER))
    lead = {"email": "p1@asc.example", "manager_id": "manager-7"}

    answer = await http.put("/staff/practitioner-1", json=lead, headers=bearer(settings, LEAD))
    assert answer.status_code == 403
    answer = await http.put("/staff/practitioner-1", json=lead, headers=manager)
    assert answer.status_code == 422  # the manager is not in the directory yet
    assert [e["field"] for e in answer.json()["errors"]] == ["manager_id"]
    answer = await http.put("/staff/manager-7", json={"email": "not an email"}, headers=manager)
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, "email")
    answer = await http.put("/staff/manager-7", json={"manager_id": "manager-7"}, headers=manager)
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, "manager_id")
    assert (await http.put("/staff/manager-7", json={}, headers=manager)).status_code == 200
    assert (await http.put("/staff/practitioner-1", json=lead, headers=manager)).status_code == 200
    answer = await http.put("/staff/practitioner-1", json={}, headers=other_agency)
    assert answer.status_code == 403
    listed = (await http.get("/staff", headers=manager)).json()
    assert [(m["user_id"], m["manager_id"]) for m in listed] == [
        ("manager-7", None),
        ("practitioner-1", "manager-7"),
    ]
    assert (await http.get("/staff", headers=other_agency)).json() == []


async def assert_replay_rebuilds_every_read_model(runtime: ServiceRuntime) -> None:
    live = await rows_of(runtime.db)
    await replay(runtime.db, NOTIFICATIONS)
    assert await rows_of(runtime.db) == live


async def test_the_demo_staff_directory_gives_each_demo_practitioner_their_portal_manager(
    settings: Settings,
) -> None:
    async with served(NOTIFICATIONS, settings) as (url, runtime):
        pointed = settings.model_copy(update={"service_urls": {"notifications": url}})
        await asyncio.to_thread(load_demo_staff, pointed)
        after_first = await runtime.store.last_position()
        await asyncio.to_thread(load_demo_staff, pointed)
        assert await runtime.store.last_position() == after_first  # again changes nothing
        async with runtime.db.read() as conn:
            rows = (await conn.execute(select(staff))).mappings().all()

    accounts = {a.user_id: a for a in DEMO_ACCOUNTS}
    practitioners = [a for a in DEMO_ACCOUNTS if a.role is Role.PRACTITIONER]
    directory = {row["user_id"]: row for row in rows}
    for practitioner in practitioners:
        member = directory[practitioner.user_id]
        manager = accounts[member["manager_id"]]
        assert (manager.role, manager.agency_id) == (Role.MANAGER, practitioner.agency_id)
        assert member["email"] == practitioner.email
        assert directory[manager.user_id]["email"] == manager.email
