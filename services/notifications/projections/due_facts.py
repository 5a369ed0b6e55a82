"""The facts that ask for a reminder, and whether what they are about was since resolved.

Resolved: an advocate appointed or declined for the need; a later review date for the enquiry
(outcomes publishes one review fact per due date, and a new date exists only once the review
was held); the enquiry closed. A feedback request comes after the closure, so the closure does
not resolve it: an answer, a refusal or its expiry does.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.domain.reminders import RULES
from services.notifications.tables import facts, feedback_requests, leads
from shared.contracts.feedback import (
    FeedbackReceived,
    FeedbackRefused,
    FeedbackRequestAmended,
    FeedbackRequested,
    FeedbackRequestExpired,
)
from shared.contracts.intake import (
    AdvocacyDeclined,
    AdvocateAppointed,
    AdvocateStillNeeded,
    EnquiryClosed,
)
from shared.contracts.outcomes import ActionOverdue, ReviewDueSoon, ReviewOverdue
from shared.projections import Recorded

RESOLVERS = (
    AdvocateAppointed,
    AdvocacyDeclined,
    EnquiryClosed,
    FeedbackReceived,
    FeedbackRefused,
    FeedbackRequestExpired,
)
UPDATES = (FeedbackRequestAmended,)  # whom to ask for feedback, or how


class DueFacts:
    name = "notifications_facts"
    handles = frozenset({*RULES, *(t.event_type for t in (*RESOLVERS, *UPDATES))})

    @property
    def tables(self) -> Sequence[Table]:
        return (facts, feedback_requests)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            event = recorded.event
            if isinstance(event, AdvocateAppointed | AdvocacyDeclined):
                # A need id is unique only within its enquiry (intake's clients may choose it).
                await _resolve(
                    conn,
                    (facts.c.enquiry_id == event.enquiry_id)
                    & (facts.c.subject_key == f"advocate:{event.need_id}"),
                )
            elif isinstance(event, EnquiryClosed):
                await _resolve(
                    conn,
                    (facts.c.enquiry_id == event.enquiry_id)
                    & (facts.c.fact_type != FeedbackRequested.event_type),
                )
                await conn.execute(
                    update(feedback_requests)
                    .where(feedback_requests.c.enquiry_id == event.enquiry_id)
                    .values(closure_seen=True)
                )
            elif isinstance(event, FeedbackReceived | FeedbackRefused | FeedbackRequestExpired):
                await _resolve(conn, facts.c.subject_key == f"feedback:{event.request_id}")
            elif isinstance(event, FeedbackRequestAmended):
                await conn.execute(
                    update(feedback_requests)
                    .where(feedback_requests.c.request_id == event.request_id)
                    .values(
                        addressee=event.addressee.value,
                        way_to_ask=event.way_to_ask.value if event.way_to_ask else None,
                        easy_read=event.easy_read,
                    )
                )
            elif isinstance(event, FeedbackRequested):
                await _record_feedback_request(conn, recorded)
            elif isinstance(
                event, ReviewDueSoon | ReviewOverdue | ActionOverdue | AdvocateStillNeeded
            ):
                await self._record(conn, recorded)

    async def _record(self, conn: AsyncConnection, recorded: Recorded) -> None:
        event = recorded.event
        assert isinstance(
            event, ReviewDueSoon | ReviewOverdue | ActionOverdue | AdvocateStillNeeded
        )
        if isinstance(event, ActionOverdue):
            subject, due_on = f"action:{event.action_id}", event.due_on
        elif isinstance(event, AdvocateStillNeeded):
            subject, due_on = f"advocate:{event.need_id}", None
        else:
            subject, due_on = "review", event.due_on
            await _resolve(
                conn,
                (facts.c.enquiry_id == event.enquiry_id)
                & (facts.c.subject_key == "review")
                & (facts.c.due_on < due_on),
            )
        closed = await conn.scalar(
            select(leads.c.closed).where(leads.c.enquiry_id == event.enquiry_id)
        )
        await conn.execute(
            insert(facts).values(
                event_id=recorded.envelope.event_id,
                fact_type=recorded.envelope.event_type,
                enquiry_id=event.enquiry_id,
                lead_agency_id=event.lead_agency_id,
                lead_practitioner_id=event.lead_practitioner_id,
                subject_key=subject,
                due_on=due_on,
                ica_required=getattr(event, "ica_required", False),
                occurred_at=recorded.envelope.occurred_at,
                resolved=bool(closed),
            )
        )


async def _record_feedback_request(conn: AsyncConnection, recorded: Recorded) -> None:
    """The reminder goes to the enquiry lead at closure (`ask_not_by`: the one who should not
    ask, but who arranges for a colleague to), read from the request itself rather than from
    intake's stream, which may lag behind feedback's."""
    event = recorded.event
    assert isinstance(event, FeedbackRequested)
    closed = await conn.scalar(select(leads.c.closed).where(leads.c.enquiry_id == event.enquiry_id))
    await conn.execute(
        insert(feedback_requests).values(
            request_id=event.request_id,
            fact_id=recorded.envelope.event_id,
            enquiry_id=event.enquiry_id,
            addressee=event.addressee.value,
            way_to_ask=event.way_to_ask.value if event.way_to_ask else None,
            easy_read=event.easy_read,
            ask_not_by=event.ask_not_by,
            closure_seen=bool(closed),
        )
    )
    await conn.execute(
        insert(facts).values(
            event_id=recorded.envelope.event_id,
            fact_type=recorded.envelope.event_type,
            enquiry_id=event.enquiry_id,
            lead_agency_id=event.lead_agency_id,
            lead_practitioner_id=event.ask_not_by,
            subject_key=f"feedback:{event.request_id}",
            due_on=event.due_at.date(),
            ica_required=False,
            occurred_at=recorded.envelope.occurred_at,
            resolved=False,
        )
    )


async def _resolve(conn: AsyncConnection, where: object) -> None:
    await conn.execute(update(facts).where(where).values(resolved=True))  # type: ignore[arg-type]
