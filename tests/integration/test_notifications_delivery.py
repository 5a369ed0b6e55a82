"""Escalation after the grace (working days, injected clock), retries with back-off and a dead
letter, and the person told by letter, text or a practitioner's task as they prefer — against
the real store on SQLite and PostgreSQL, the sweeps called one at a time."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from services.notifications.app import DEFINITION
from services.notifications.channels import Outgoing, Sender, senders_for
from services.notifications.commands.deliver_messages import deliver_due_messages
from services.notifications.commands.disclose import request_disclosure
from services.notifications.commands.send_reminders import escalate_overdue, send_due_reminders
from services.notifications.commands.staff_directory import record_staff_member
from services.notifications.tables import messages
from shared.auth import Role
from shared.clock import FixedClock
from shared.codes import AdvocateKind
from shared.codes import ContactMethod as M
from shared.contracts import feedback, intake
from shared.contracts.outcomes import ActionOverdue
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from shared.sharing import InformationKind as K
from shared.sharing import Purpose
from tests.notifications_builders import LEAD, an_enquiry, consent, preferences, receive
from tests.support import an_actor, migrate

pytestmark = pytest.mark.integration

FRIDAY = datetime(2026, 11, 27, 15, tzinfo=UTC)


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[ServiceRuntime]:
    """The service's logic and store with a clock that moves only when told; not started, so
    the sweeps run only when a test calls them."""
    settings = settings.model_copy(
        update={
            "notifications_smtp_port": 9,  # nothing listens: email fails
            "notifications_max_attempts": 3,
            "notifications_retry_base_s": 30.0,
        }
    )
    await migrate(DEFINITION, settings)
    runtime = ServiceRuntime(DEFINITION, settings, clock=FixedClock(FRIDAY))
    yield runtime
    await runtime.store.close()
    await runtime.db.dispose()


def later(runtime: ServiceRuntime, delta: timedelta) -> None:
    clock = runtime.clock
    assert isinstance(clock, FixedClock)
    clock.advance(delta)


async def rows(runtime: ServiceRuntime, **where: Any) -> list[dict[str, Any]]:
    query = select(messages).order_by(messages.c.queued_at, messages.c.message_id)
    for column, value in where.items():
        query = query.where(messages.c[column] == value)
    async with runtime.db.read() as conn:
        return [dict(row) for row in (await conn.execute(query)).mappings()]


async def deliver(runtime: ServiceRuntime) -> int:
    return await deliver_due_messages(runtime, senders_for(runtime.settings))


def overdue_actions(count: int) -> list[ActionOverdue]:
    """`count` actions of the lead's, each on an enquiry of its own, overdue since Thursday."""
    return [
        ActionOverdue(
            enquiry_id=uuid.uuid4(),
            action_id=uuid.uuid4(),
            outcome_id=uuid.uuid4(),
            lead_agency_id=LEAD.agency_id,
            lead_practitioner_id=LEAD.user_id,
            due_on=date(2026, 11, 26),
        )
        for _ in range(count)
    ]


async def test_still_overdue_after_five_working_days_goes_to_the_managers_once(
    runtime: ServiceRuntime,
) -> None:
    [overdue] = overdue_actions(1)
    await receive(runtime, overdue, occurred_at=FRIDAY)
    assert await send_due_reminders(runtime) == 1
    assert await send_due_reminders(runtime) == 0
    later(runtime, timedelta(days=6))  # Thursday: four working days
    assert await escalate_overdue(runtime) == 0
    later(runtime, timedelta(days=1))  # the next Friday: five
    assert await escalate_overdue(runtime) == 1
    assert await escalate_overdue(runtime) == 0
    await deliver(runtime)
    to_managers = await rows(runtime, recipient_kind="agency_managers")
    assert [(m["recipient_id"], m["status"], m["subject"]) for m in to_managers] == [
        (LEAD.agency_id, "sent", "Still overdue: An overdue action")
    ]


async def test_still_overdue_goes_to_the_practitioners_own_manager_from_the_directory(
    runtime: ServiceRuntime,
) -> None:
    manager = an_actor(user="manager-7", role=Role.MANAGER)
    for user_id, email, manager_id in (
        ("manager-7", "manager.7@asc.example", None),
        (LEAD.user_id, "practitioner.1@asc.example", "manager-7"),
    ):
        await record_staff_member(
            runtime,
            user_id=user_id,
            email=email,
            manager_id=manager_id,
            actor=manager,
            correlation_id="staff",
        )
    [overdue] = overdue_actions(1)
    await receive(runtime, overdue, occurred_at=FRIDAY)
    assert await send_due_reminders(runtime) == 1
    later(runtime, timedelta(days=7))
    assert await escalate_overdue(runtime) == 1
    reminder = await rows(runtime, cause="reminder", channel="email")
    assert [m["address"] for m in reminder] == ["practitioner.1@asc.example"]
    escalation = await rows(runtime, cause="escalation")
    assert sorted(
        (m["recipient_kind"], m["recipient_id"], m["channel"], m["address"] or "")
        for m in escalation
    ) == [
        ("user", "manager-7", "email", "manager.7@asc.example"),
        ("user", "manager-7", "in_app", ""),
    ]


async def test_a_feedback_request_reminds_once_asks_the_person_and_an_answer_stops_escalation(
    runtime: ServiceRuntime,
) -> None:
    enquiry_id, request_id = uuid.uuid4(), uuid.uuid4()
    await receive(
        runtime,
        *an_enquiry(enquiry_id, at=FRIDAY, contact="12 Mill Lane, St Helier"),
        preferences(enquiry_id, at=FRIDAY, contact_allowed=[M.LETTER], easy_read=True),
        occurred_at=FRIDAY,
    )
    requested = feedback.FeedbackRequested(
        request_id=request_id,
        enquiry_id=enquiry_id,
        lead_agency_id=LEAD.agency_id,
        closure_event_id=uuid.uuid4(),
        closed_at=FRIDAY,
        requested_at=FRIDAY,
        due_at=FRIDAY + timedelta(weeks=8),
        ask_not_by=LEAD.user_id,
    )
    # Intake's closure reaches notifications after feedback's request: the request waits for it
    # (the person's preferences come on intake's stream, before the closure), and it must not
    # resolve the request.
    closed = intake.EnquiryClosed(
        enquiry_id=enquiry_id,
        lead_agency_id=LEAD.agency_id,
        lead_practitioner_id=LEAD.user_id,
        closed_at=FRIDAY,
        closure_reason="outcomes met",
        signed_off_by="manager-7",
    )
    await receive(runtime, requested, occurred_at=FRIDAY)
    assert await send_due_reminders(runtime) == 0
    await receive(runtime, closed, occurred_at=FRIDAY)
    assert await send_due_reminders(runtime) == 1
    assert await send_due_reminders(runtime) == 0
    await deliver(runtime)
    sent = await rows(runtime, enquiry_id=enquiry_id)
    assert sorted((m["cause"], m["channel"], m["recipient_id"], m["status"]) for m in sent) == [
        ("feedback_request", "letter", "person", "sent"),
        ("reminder", "in_app", LEAD.user_id, "sent"),
    ]
    letter = next(m for m in sent if m["channel"] == "letter")
    assert (letter["easy_read"], letter["subject"]) == (True, "Tell us how it went")
    await receive(
        runtime,
        feedback.FeedbackRefused(
            request_id=request_id,
            enquiry_id=enquiry_id,
            refused_by=feedback.Respondent.PERSON,
            channel=feedback.Channel.CONVERSATION,
            refused_at=FRIDAY + timedelta(days=1),
        ),
    )
    later(runtime, timedelta(days=14))
    assert await escalate_overdue(runtime) == 0


def an_advocate_chase(enquiry_id: uuid.UUID, need_id: uuid.UUID) -> intake.AdvocateStillNeeded:
    """Intake's chase on Friday: an ICA still needed after five days."""
    return intake.AdvocateStillNeeded(
        enquiry_id=enquiry_id,
        need_id=need_id,
        lead_agency_id=LEAD.agency_id,
        lead_practitioner_id=LEAD.user_id,
        ica_required=True,
        needed_since=FRIDAY,
        days_waiting=5,
        chased_at=FRIDAY,
    )


async def test_an_advocate_appointed_within_the_grace_is_not_escalated(
    runtime: ServiceRuntime,
) -> None:
    enquiry_id, need_id = uuid.uuid4(), uuid.uuid4()
    await receive(runtime, an_advocate_chase(enquiry_id, need_id), occurred_at=FRIDAY)
    assert await send_due_reminders(runtime) == 1
    [reminder] = await rows(runtime)
    assert "Independent Capacity Advocate" in reminder["body"]
    appointed = intake.AdvocateAppointed(
        enquiry_id=enquiry_id,
        need_id=need_id,
        advocate=intake.Advocate(kind=AdvocateKind.ICA, name="Sam Advocate"),
        appointed_at=FRIDAY + timedelta(days=2),
    )
    await receive(runtime, appointed)
    later(runtime, timedelta(days=30))
    assert await escalate_overdue(runtime) == 0


async def test_failed_email_is_retried_with_back_off_then_dead_lettered(
    runtime: ServiceRuntime,
) -> None:
    runtime.settings = runtime.settings.model_copy(
        update={"notifications_staff_email_domain": "asc.example"}
    )
    [overdue] = overdue_actions(1)
    await receive(runtime, overdue, occurred_at=FRIDAY)
    await send_due_reminders(runtime)
    assert await deliver(runtime) == 2  # in-app sent; email attempt 1 failed
    assert await deliver(runtime) == 0  # the retry is not due yet
    later(runtime, timedelta(seconds=30))
    assert await deliver(runtime) == 1  # attempt 2
    later(runtime, timedelta(seconds=59))
    assert await deliver(runtime) == 0  # back-off doubled: 60 s
    later(runtime, timedelta(seconds=1))
    assert await deliver(runtime) == 1  # attempt 3, the last
    [email] = await rows(runtime, channel="email")
    assert (email["status"], email["attempts"], email["next_attempt_at"]) == ("failed", 3, None)
    assert email["last_error"].startswith("SMTP: ")
    later(runtime, timedelta(days=1))
    assert await deliver(runtime) == 0


async def a_disclosure_with(runtime: ServiceRuntime, contact: str, **prefs: Any) -> uuid.UUID:
    enquiry_id = uuid.uuid4()
    earlier = FRIDAY - timedelta(hours=1)
    await receive(
        runtime,
        *an_enquiry(enquiry_id, at=earlier, contact=contact),
        preferences(enquiry_id, at=earlier, **prefs),
        consent(
            enquiry_id,
            agency="health",
            purpose=Purpose.HEALTH_TREATMENT,
            kinds=[K.IDENTITY, K.HEALTH],
            at=earlier,
        ),
    )
    await request_disclosure(
        runtime,
        enquiry_id=enquiry_id,
        disclosure_id=uuid.uuid4(),
        actor=LEAD,
        recipient_agency_id="health",
        purpose=Purpose.HEALTH_TREATMENT,
        kinds=frozenset({K.IDENTITY}),
        correlation_id="test",
    )
    return enquiry_id


async def test_the_person_is_told_by_easy_read_letter_with_pictures(
    runtime: ServiceRuntime,
) -> None:
    enquiry_id = await a_disclosure_with(
        runtime,
        "12 Mill Lane, St Helier",
        contact_allowed=[M.LETTER],
        easy_read=True,
        pictures=True,
    )
    await deliver(runtime)
    [told] = await rows(runtime, enquiry_id=enquiry_id)
    assert (told["channel"], told["status"], told["recipient_kind"]) == ("letter", "sent", "person")
    letter = runtime.settings.data_dir / "outbox" / "letter" / f"{told['message_id']}.txt"
    text = letter.read_text()
    assert "To: 12 Mill Lane, St Helier" in text
    assert "Format: easy read with pictures" in text
    assert "We told health some things about you." in text
    assert "[picture:" in text


async def test_the_person_is_told_by_text_when_they_chose_it(runtime: ServiceRuntime) -> None:
    enquiry_id = await a_disclosure_with(
        runtime, "07700 900123", contact_allowed=[M.LETTER, M.TEXT], contact_refused=[M.LETTER]
    )
    await deliver(runtime)
    [told] = await rows(runtime, enquiry_id=enquiry_id)
    assert (told["channel"], told["status"]) == ("sms", "sent")
    assert (runtime.settings.data_dir / "outbox" / "sms" / f"{told['message_id']}.txt").exists()


async def test_no_allowed_way_means_a_task_for_the_practitioner(runtime: ServiceRuntime) -> None:
    enquiry_id = await a_disclosure_with(
        runtime,
        "12 Mill Lane",
        contact_allowed=[M.LETTER],
        contact_refused=[M.LETTER],
        in_their_words="please don't send me letters",
    )
    await deliver(runtime)
    [task] = await rows(runtime, enquiry_id=enquiry_id)
    assert (task["channel"], task["recipient_id"], task["status"]) == ("task", LEAD.user_id, "sent")
    assert task["subject"] == "Tell the person what was shared"
    assert not (runtime.settings.data_dir / "outbox" / "letter").exists()


async def test_two_replicas_sweeping_at_once_send_one_reminder_per_fact(
    runtime: ServiceRuntime,
) -> None:
    other = ServiceRuntime(DEFINITION, runtime.settings, clock=FixedClock(FRIDAY))
    try:
        await receive(runtime, *overdue_actions(20), occurred_at=FRIDAY)
        sent = await asyncio.gather(send_due_reminders(runtime), send_due_reminders(other))
        assert sum(sent) == 20
        assert await send_due_reminders(other) == 0
        assert len(await rows(runtime)) == 20
    finally:
        await other.store.close()
        await other.db.dispose()


class CountingSender:
    """A channel that takes a while to send and counts what it was given, per message."""

    def __init__(self) -> None:
        self.sent: list[uuid.UUID] = []

    async def send(self, message: Outgoing) -> None:
        await asyncio.sleep(0.01)  # both replicas are mid-sweep at once
        self.sent.append(message.message_id)


async def test_two_replicas_delivering_at_once_send_each_message_once(
    runtime: ServiceRuntime,
) -> None:
    other = ServiceRuntime(DEFINITION, runtime.settings, clock=FixedClock(FRIDAY))
    try:
        await receive(runtime, *overdue_actions(10), occurred_at=FRIDAY)
        assert await send_due_reminders(runtime) == 10
        channel = CountingSender()
        senders: dict[str, Sender] = {m["channel"]: channel for m in await rows(runtime)}

        recorded = await asyncio.gather(
            deliver_due_messages(runtime, senders), deliver_due_messages(other, senders)
        )

        assert sum(recorded) == 10
        assert sorted(channel.sent) == sorted(m["message_id"] for m in await rows(runtime))
        assert {m["status"] for m in await rows(runtime)} == {"sent"}
    finally:
        await other.store.close()
        await other.redis.aclose()
        await other.db.dispose()


async def test_an_advocate_appointed_on_another_enquiry_with_the_same_need_id_resolves_nothing_here(
    runtime: ServiceRuntime,
) -> None:
    # Need ids may be chosen by intake's clients and are unique only within an enquiry.
    enquiry_id, need_id = uuid.uuid4(), uuid.uuid4()
    await receive(runtime, an_advocate_chase(enquiry_id, need_id), occurred_at=FRIDAY)
    assert await send_due_reminders(runtime) == 1
    elsewhere = intake.AdvocateAppointed(
        enquiry_id=uuid.uuid4(),
        need_id=need_id,
        advocate=intake.Advocate(kind=AdvocateKind.ICA, name="Sam Advocate"),
        appointed_at=FRIDAY + timedelta(days=2),
    )
    await receive(runtime, elsewhere)
    later(runtime, timedelta(days=7))

    assert await escalate_overdue(runtime) == 1
