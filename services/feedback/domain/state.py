"""An enquiry's feedback, folded from its events (one stream per enquiry: `enquiry-<id>`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

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
    WayToAsk,
)
from shared.events import DomainEvent


def stream_of(enquiry_id: UUID) -> str:
    return f"enquiry-{enquiry_id}"


class Status(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"  # every addressee answered
    EXPIRED = "expired"
    REFUSED = "refused"


def respondents_of(addressee: Addressee) -> frozenset[Respondent]:
    if addressee is Addressee.BOTH:
        return frozenset(Respondent)
    return frozenset({Respondent(addressee.value)})


@dataclass(frozen=True)
class Request:
    request_id: UUID
    lead_agency_id: str
    addressee: Addressee
    way_to_ask: WayToAsk | None
    easy_read: bool
    due_at: datetime
    ask_not_by: str
    status: Status = Status.OPEN
    answered_by: frozenset[Respondent] = frozenset()
    links: tuple[tuple[Respondent, str], ...] = ()  # the current link's hash per respondent

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    def asks(self, respondent: Respondent) -> bool:
        return respondent in respondents_of(self.addressee)

    def link_of(self, respondent: Respondent) -> str | None:
        return dict(self.links).get(respondent)

    def settled(self) -> Request:
        """Answered once everyone it asks has answered."""
        if self.is_open and respondents_of(self.addressee) <= self.answered_by:
            return replace(self, status=Status.ANSWERED)
        return self


@dataclass(frozen=True)
class EnquiryFeedback:
    version: int = 0
    refused: bool = False
    decided_closures: frozenset[UUID] = frozenset()
    requests: dict[UUID, Request] = field(default_factory=dict)

    def open_request(self) -> Request | None:
        return next((r for r in self.requests.values() if r.is_open), None)

    def with_request(self, request: Request) -> EnquiryFeedback:
        return replace(self, requests={**self.requests, request.request_id: request})


def fold(events: Iterable[DomainEvent]) -> EnquiryFeedback:
    state = EnquiryFeedback()
    for event in events:
        state = replace(evolve(state, event), version=state.version + 1)
    return state


def evolve(state: EnquiryFeedback, event: DomainEvent) -> EnquiryFeedback:
    match event:
        case FeedbackRequested():
            request = Request(
                request_id=event.request_id,
                lead_agency_id=event.lead_agency_id,
                addressee=event.addressee,
                way_to_ask=event.way_to_ask,
                easy_read=event.easy_read,
                due_at=event.due_at,
                ask_not_by=event.ask_not_by,
            )
            decided = state.decided_closures | {event.closure_event_id}
            return replace(state.with_request(request), decided_closures=decided)
        case FeedbackNotRequested():
            return replace(
                state, decided_closures=state.decided_closures | {event.closure_event_id}
            )
        case FeedbackRequestAmended():
            request = state.requests[event.request_id]
            amended = replace(
                request,
                addressee=event.addressee,
                way_to_ask=event.way_to_ask,
                easy_read=event.easy_read,
            )
            return state.with_request(amended.settled())
        case FeedbackLinkIssued():
            request = state.requests[event.request_id]
            links = dict(request.links) | {event.respondent: event.token_sha256}
            return state.with_request(replace(request, links=tuple(sorted(links.items()))))
        case FeedbackReceived():
            request = state.requests[event.request_id]
            answered = replace(request, answered_by=request.answered_by | {event.respondent})
            return state.with_request(answered.settled())
        case FeedbackRefused():
            request = state.requests[event.request_id]
            if request.is_open:
                state = state.with_request(replace(request, status=Status.REFUSED))
            return replace(state, refused=True)
        case FeedbackRequestExpired():
            request = state.requests[event.request_id]
            return state.with_request(replace(request, status=Status.EXPIRED))
    return state
