"""Background work: a reminder for each fact that asks for one (for a feedback request, with the
request to the person in the same append), and an escalation to the practitioner's manager, or
the lead agency's managers, for what is still outstanding after the grace.

Exactly once per fact: the reminder is appended to `reminder-<fact event id>` at version 0, so
a redelivered fact (already in the facts table once, thanks to the inbox), a restart or a second
replica can only meet a ConcurrencyError. The escalation is appended at the version the sweep
read: the same holds for it.
"""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy import select

from services.notifications.commands.ask_for_feedback import feedback_messages
from services.notifications.commands.staff_directory import email_of, manager_of
from services.notifications.domain.reminders import Fact, escalate, remind, reminder_stream
from services.notifications.tables import facts, feedback_requests, reminders
from shared.auth import SYSTEM_ACTOR
from shared.contracts.notifications import ReminderEscalated
from shared.eventstore.errors import ConcurrencyError
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)


async def send_due_reminders(runtime: ServiceRuntime) -> int:
    """One sweep; how many reminders this replica sent."""
    query = (
        select(facts)
        .outerjoin(reminders, reminders.c.reminder_id == facts.c.event_id)
        .outerjoin(feedback_requests, feedback_requests.c.fact_id == facts.c.event_id)
        .where(
            reminders.c.reminder_id.is_(None),
            facts.c.resolved.is_(False),
            # a feedback request waits until intake's closure (and so the person's preferences
            # recorded before it) has reached notifications too
            feedback_requests.c.fact_id.is_(None) | feedback_requests.c.closure_seen.is_(True),
        )
        .order_by(facts.c.occurred_at)
        .limit(500)
    )
    async with runtime.db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    settings, sent = runtime.settings, 0
    for row in rows:
        fact = Fact(
            event_id=row["event_id"],
            fact_type=row["fact_type"],
            enquiry_id=row["enquiry_id"],
            lead_agency_id=row["lead_agency_id"],
            lead_practitioner_id=row["lead_practitioner_id"],
            subject_key=row["subject_key"],
            due_on=row["due_on"],
            occurred_at=row["occurred_at"],
            ica_required=row["ica_required"],
        )
        now = runtime.clock.now()
        events = remind(
            fact,
            now=now,
            grace_days=settings.notifications_grace_working_days,
            staff_email=await email_of(runtime, fact.lead_practitioner_id),
        )
        events.extend(await feedback_messages(runtime, fact, now=now))
        try:
            await runtime.store.append(
                reminder_stream(fact.event_id),
                0,
                events,
                actor=SYSTEM_ACTOR,
                correlation_id=str(uuid.uuid4()),
                causation_id=str(fact.event_id),
            )
        except ConcurrencyError:
            continue  # another replica, or an earlier run, sent it
        sent += 1
        log.info("notifications.reminder_sent", reminder_id=str(fact.event_id))
    return sent


async def escalate_overdue(runtime: ServiceRuntime) -> int:
    """One sweep; how many reminders this replica escalated."""
    now = runtime.clock.now()
    query = (
        select(reminders, facts.c.lead_practitioner_id)
        .join(facts, facts.c.event_id == reminders.c.reminder_id)
        .where(
            reminders.c.escalate_after <= now,
            reminders.c.escalated.is_(False),
            facts.c.resolved.is_(False),
        )
        .limit(500)
    )
    async with runtime.db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    escalated = 0
    for row in rows:
        stream = reminder_stream(row["reminder_id"])
        history = await runtime.store.load(stream)
        if any(e.event_type == ReminderEscalated.event_type for e in history):
            continue  # the read model lags the append another replica just made
        events = escalate(
            reminder_id=row["reminder_id"],
            fact_type=row["fact_type"],
            enquiry_id=row["enquiry_id"],
            lead_agency_id=row["lead_agency_id"],
            grace_days=runtime.settings.notifications_grace_working_days,
            manager=await manager_of(
                runtime, row["lead_practitioner_id"], agency_id=row["lead_agency_id"]
            ),
            now=now,
        )
        try:
            await runtime.store.append(
                stream, len(history), events, actor=SYSTEM_ACTOR, correlation_id=str(uuid.uuid4())
            )
        except ConcurrencyError:
            continue
        escalated += 1
        log.info("notifications.reminder_escalated", reminder_id=str(row["reminder_id"]))
    return escalated
