"""Decisions: state and a command in, new events out (an empty list when nothing changes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from services.feedback.domain.errors import (
    AlreadyAnswered,
    LeadMustSayWhy,
    LinkUnusable,
    NotAnAddressee,
    NothingAnswered,
    RequestNotOpen,
)
from services.feedback.domain.state import EnquiryFeedback, Request
from shared.contracts.feedback import (
    Addressee,
    AnonymousFeedbackReceived,
    Answers,
    Channel,
    FeedbackLinkIssued,
    FeedbackNotRequested,
    FeedbackReceived,
    FeedbackRefused,
    FeedbackRequestAmended,
    FeedbackRequested,
    FeedbackRequestExpired,
    NotRequestedReason,
    Respondent,
    WayToAsk,
)
from shared.events import DomainEvent

REQUEST_IDS = uuid5(NAMESPACE_URL, "https://msp.example/feedback/requests")


@dataclass(frozen=True)
class Closure:
    """What feedback needs from an `intake.EnquiryClosed`."""

    closure_event_id: UUID
    enquiry_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    closed_at: datetime


def request_id_for(closure_event_id: UUID) -> UUID:
    """One closure, one request id, however often the closure is handled."""
    return uuid5(REQUEST_IDS, str(closure_event_id))


def when_enquiry_closed(
    state: EnquiryFeedback, closure: Closure, *, now: datetime, due_within: timedelta
) -> list[DomainEvent]:
    """Ask once per closure; never after a refusal; never beside a request still open; never
    about a closure already past its due date (history read by a new deployment)."""
    if closure.closure_event_id in state.decided_closures:
        return []
    reason = None
    if state.refused:
        reason = NotRequestedReason.REFUSED
    elif state.open_request():
        reason = NotRequestedReason.REQUEST_OPEN
    elif now >= closure.closed_at + due_within:
        reason = NotRequestedReason.PAST_DUE
    if reason is not None:
        return [
            FeedbackNotRequested(
                enquiry_id=closure.enquiry_id,
                lead_agency_id=closure.lead_agency_id,
                closure_event_id=closure.closure_event_id,
                reason=reason,
            )
        ]
    return [
        FeedbackRequested(
            request_id=request_id_for(closure.closure_event_id),
            enquiry_id=closure.enquiry_id,
            lead_agency_id=closure.lead_agency_id,
            closure_event_id=closure.closure_event_id,
            closed_at=closure.closed_at,
            requested_at=now,
            due_at=closure.closed_at + due_within,
            ask_not_by=closure.lead_practitioner_id,
        )
    ]


def open_request(state: EnquiryFeedback, request_id: UUID, now: datetime) -> Request:
    request = state.requests[request_id]
    if not request.is_open or now >= request.due_at:
        raise RequestNotOpen
    return request


def amend_request(
    state: EnquiryFeedback,
    *,
    enquiry_id: UUID,
    request_id: UUID,
    addressee: Addressee,
    way_to_ask: WayToAsk | None,
    easy_read: bool,
    now: datetime,
) -> list[DomainEvent]:
    request = open_request(state, request_id, now)
    if (request.addressee, request.way_to_ask, request.easy_read) == (
        addressee,
        way_to_ask,
        easy_read,
    ):
        return []
    return [
        FeedbackRequestAmended(
            request_id=request_id,
            enquiry_id=enquiry_id,
            addressee=addressee,
            way_to_ask=way_to_ask,
            easy_read=easy_read,
        )
    ]


def issue_link(
    state: EnquiryFeedback,
    *,
    enquiry_id: UUID,
    request_id: UUID,
    respondent: Respondent,
    token_sha256: str,
    now: datetime,
) -> list[DomainEvent]:
    request = open_request(state, request_id, now)
    _check_can_answer(request, respondent)
    return [
        FeedbackLinkIssued(
            request_id=request_id,
            enquiry_id=enquiry_id,
            respondent=respondent,
            token_sha256=token_sha256,
            expires_at=request.due_at,
        )
    ]


def usable_link(
    state: EnquiryFeedback, token_sha256: str, now: datetime
) -> tuple[Request, Respondent]:
    """The request and respondent a link answers for, or LinkUnusable: used, expired, replaced,
    refused or answered are not told apart."""
    for request in state.requests.values():
        for respondent, current in request.links:
            if current == token_sha256:
                usable = (
                    request.is_open
                    and now < request.due_at
                    and request.asks(respondent)
                    and respondent not in request.answered_by
                )
                if usable:
                    return request, respondent
    raise LinkUnusable


@dataclass(frozen=True)
class Answering:
    """One respondent's answers to one request, however they reached us."""

    enquiry_id: UUID
    request_id: UUID
    respondent: Respondent
    answers: Answers
    channel: Channel
    recorded_by: str | None = None
    why_the_lead_asked: str | None = None
    anonymous: bool = False
    easy_read: bool = False


def record_answers(
    state: EnquiryFeedback, answering: Answering, *, now: datetime, anonymous_id: UUID
) -> tuple[list[DomainEvent], AnonymousFeedbackReceived | None]:
    """The events for the enquiry's stream, and the anonymous answers kept apart from it."""
    request = open_request(state, answering.request_id, now)
    _check_can_answer(request, answering.respondent)
    if answering.answers.is_empty():
        raise NothingAnswered
    by_lead = answering.recorded_by is not None and answering.recorded_by == request.ask_not_by
    if by_lead and not (answering.why_the_lead_asked or "").strip():
        raise LeadMustSayWhy
    received = FeedbackReceived(
        request_id=answering.request_id,
        enquiry_id=answering.enquiry_id,
        lead_agency_id=request.lead_agency_id,
        respondent=answering.respondent,
        channel=answering.channel,
        answers=None if answering.anonymous else answering.answers,
        anonymous=answering.anonymous,
        easy_read=answering.easy_read,
        recorded_by=answering.recorded_by,
        asked_by_enquiry_lead=by_lead,
        why_the_lead_asked=answering.why_the_lead_asked if by_lead else None,
        received_at=now,
    )
    if not answering.anonymous:
        return [received], None
    kept_apart = AnonymousFeedbackReceived(
        feedback_id=anonymous_id,
        agency_id=request.lead_agency_id,
        period=now.strftime("%Y-%m"),
        respondent=answering.respondent,
        channel=answering.channel,
        easy_read=answering.easy_read,
        answers=answering.answers,
    )
    return [received], kept_apart


def _check_can_answer(request: Request, respondent: Respondent) -> None:
    if not request.asks(respondent):
        raise NotAnAddressee
    if respondent in request.answered_by:
        raise AlreadyAnswered


def refuse(
    state: EnquiryFeedback,
    *,
    enquiry_id: UUID,
    request_id: UUID,
    refused_by: Respondent,
    channel: Channel,
    recorded_by: str | None,
    now: datetime,
) -> list[DomainEvent]:
    """Recorded whatever the request's state, so no later closure asks again; once only."""
    if state.refused:
        return []
    return [
        FeedbackRefused(
            request_id=request_id,
            enquiry_id=enquiry_id,
            refused_by=refused_by,
            channel=channel,
            recorded_by=recorded_by,
            refused_at=now,
        )
    ]


def expire(
    state: EnquiryFeedback, *, enquiry_id: UUID, request_id: UUID, now: datetime
) -> list[DomainEvent]:
    request = state.requests.get(request_id)
    if request is None or not request.is_open or now < request.due_at:
        return []
    return [
        FeedbackRequestExpired(
            request_id=request_id,
            enquiry_id=enquiry_id,
            lead_agency_id=request.lead_agency_id,
            due_at=request.due_at,
            expired_at=now,
        )
    ]
