"""Every message and its status (queued, sent, failed), and the reminders with their
escalation, from notifications' own events in the append's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.tables import messages, reminders
from shared.contracts.notifications import (
    DeliveryFailed,
    MessageQueued,
    MessageSent,
    ReminderEscalated,
    ReminderSent,
)
from shared.projections import Recorded


class Messages:
    name = "notifications_messages"
    handles = frozenset(
        t.event_type
        for t in (MessageQueued, MessageSent, DeliveryFailed, ReminderSent, ReminderEscalated)
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (messages, reminders)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            event = recorded.event
            if isinstance(event, MessageQueued):
                await conn.execute(
                    insert(messages).values(
                        **event.model_dump(exclude={"queued_at"}),
                        stream_id=recorded.envelope.stream_id,
                        status="queued",
                        attempts=0,
                        next_attempt_at=event.queued_at,
                        queued_at=event.queued_at,
                    )
                )
            elif isinstance(event, MessageSent):
                await _message(
                    conn,
                    event.message_id,
                    status="sent",
                    attempts=event.attempt,
                    sent_at=event.sent_at,
                    next_attempt_at=None,
                )
            elif isinstance(event, DeliveryFailed):
                await _message(
                    conn,
                    event.message_id,
                    status="failed" if event.dead_lettered else "queued",
                    attempts=event.attempt,
                    next_attempt_at=event.retry_at,
                    last_error=event.reason,
                )
            elif isinstance(event, ReminderSent):
                await conn.execute(
                    insert(reminders).values(
                        reminder_id=event.reminder_id,
                        fact_type=event.fact_type,
                        enquiry_id=event.enquiry_id,
                        lead_agency_id=event.lead_agency_id,
                        subject_key=event.subject_key,
                        escalate_after=event.escalate_after,
                        escalated=False,
                        sent_at=event.sent_at,
                    )
                )
            elif isinstance(event, ReminderEscalated):
                await conn.execute(
                    update(reminders)
                    .where(reminders.c.reminder_id == event.reminder_id)
                    .values(escalated=True)
                )


async def _message(conn: AsyncConnection, message_id: object, **values: object) -> None:
    await conn.execute(update(messages).where(messages.c.message_id == message_id).values(**values))
