"""Requests, closure decisions and links: kept in the transaction of each append."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Table, and_, insert, or_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.feedback.domain.state import Status
from services.feedback.tables import closure_decisions, feedback_links, feedback_requests
from shared.contracts.feedback import (
    Addressee,
    FeedbackLinkIssued,
    FeedbackNotRequested,
    FeedbackReceived,
    FeedbackRefused,
    FeedbackRequestAmended,
    FeedbackRequested,
    FeedbackRequestExpired,
    Respondent,
)
from shared.events import DomainEvent
from shared.projections import Recorded

R = feedback_requests.c


class FeedbackRequests:
    name = "feedback_requests"
    handles = frozenset(
        e.event_type
        for e in (
            FeedbackRequested,
            FeedbackNotRequested,
            FeedbackRequestAmended,
            FeedbackLinkIssued,
            FeedbackReceived,
            FeedbackRefused,
            FeedbackRequestExpired,
        )
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (closure_decisions, feedback_requests, feedback_links)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            await _apply_one(conn, recorded.event, recorded.envelope.occurred_at)


async def _apply_one(conn: AsyncConnection, event: DomainEvent, at: datetime) -> None:
    match event:
        case FeedbackRequested():
            await conn.execute(insert(feedback_requests), _request_row(event))
            await _decided(
                conn, event.closure_event_id, event.enquiry_id, "requested", event.request_id
            )
        case FeedbackNotRequested():
            await _decided(conn, event.closure_event_id, event.enquiry_id, event.reason.value, None)
        case FeedbackRequestAmended():
            await _update(
                conn,
                event.request_id,
                addressee=event.addressee.value,
                way_to_ask=event.way_to_ask.value if event.way_to_ask else None,
                easy_read=event.easy_read,
            )
            await _settle(conn, event.request_id, at)
        case FeedbackLinkIssued():
            await conn.execute(
                insert(feedback_links),
                {
                    "token_sha256": event.token_sha256,
                    "request_id": event.request_id,
                    "enquiry_id": event.enquiry_id,
                    "respondent": event.respondent.value,
                    "expires_at": event.expires_at,
                },
            )
        case FeedbackReceived():
            column = (
                "person_answered"
                if event.respondent is Respondent.PERSON
                else "representative_answered"
            )
            await _update(conn, event.request_id, **{column: True})
            await _settle(conn, event.request_id, event.received_at)
        case FeedbackRefused():
            await _update(conn, event.request_id, refused_by=event.refused_by.value)
            await conn.execute(
                update(feedback_requests)
                .where(R.request_id == event.request_id, R.status == Status.OPEN.value)
                .values(status=Status.REFUSED.value, ended_at=event.refused_at)
            )
        case FeedbackRequestExpired():
            await _update(
                conn, event.request_id, status=Status.EXPIRED.value, ended_at=event.expired_at
            )


def _request_row(event: FeedbackRequested) -> dict[str, object]:
    return {
        "request_id": event.request_id,
        "enquiry_id": event.enquiry_id,
        "lead_agency_id": event.lead_agency_id,
        "status": Status.OPEN.value,
        "addressee": event.addressee.value,
        "way_to_ask": event.way_to_ask.value if event.way_to_ask else None,
        "easy_read": event.easy_read,
        "ask_not_by": event.ask_not_by,
        "closed_at": event.closed_at,
        "requested_at": event.requested_at,
        "due_at": event.due_at,
        "person_answered": False,
        "representative_answered": False,
        "refused_by": None,
        "ended_at": None,
    }


async def _decided(
    conn: AsyncConnection,
    closure_event_id: UUID,
    enquiry_id: UUID,
    decision: str,
    request_id: UUID | None,
) -> None:
    await conn.execute(
        insert(closure_decisions),
        {
            "closure_event_id": closure_event_id,
            "enquiry_id": enquiry_id,
            "decision": decision,
            "request_id": request_id,
        },
    )


async def _update(conn: AsyncConnection, request_id: UUID, **values: object) -> None:
    await conn.execute(update(feedback_requests).where(R.request_id == request_id).values(**values))


async def _settle(conn: AsyncConnection, request_id: UUID, at: datetime) -> None:
    """Answered once everyone it asks has answered (the domain's `Request.settled`)."""
    everyone_answered = or_(
        and_(R.addressee == Addressee.PERSON.value, R.person_answered),
        and_(R.addressee == Addressee.REPRESENTATIVE.value, R.representative_answered),
        and_(R.addressee == Addressee.BOTH.value, R.person_answered, R.representative_answered),
    )
    await conn.execute(
        update(feedback_requests)
        .where(R.request_id == request_id, R.status == Status.OPEN.value, everyone_answered)
        .values(status=Status.ANSWERED.value, ended_at=at)
    )
