"""Feedback's pure rules: no database, no event loop, time passed in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.feedback.domain import decisions
from services.feedback.domain.decisions import Answering, Closure
from services.feedback.domain.errors import (
    AlreadyAnswered,
    LeadMustSayWhy,
    LinkUnusable,
    NotAnAddressee,
    NothingAnswered,
    RequestNotOpen,
)
from services.feedback.domain.state import EnquiryFeedback, Status, fold
from shared.contracts.feedback import (
    Addressee,
    AnonymousFeedbackReceived,
    Answers,
    Channel,
    FeedbackNotRequested,
    FeedbackReceived,
    FeedbackRefused,
    FeedbackRequested,
    FeedbackRequestExpired,
    HowFar,
    NotRequestedReason,
    Respondent,
    WayToAsk,
    YesNoNotSure,
)
from shared.events import DomainEvent

pytestmark = pytest.mark.unit
CLOSED = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)
EIGHT_WEEKS = timedelta(weeks=8)
LEAD = "practitioner-lead"
WORDS = "If someone had rung me back when they said they would."


def a_closure(enquiry_id: uuid.UUID | None = None) -> Closure:
    return Closure(
        closure_event_id=uuid.uuid4(),
        enquiry_id=enquiry_id or uuid.uuid4(),
        lead_agency_id="adult-social-care",
        lead_practitioner_id=LEAD,
        closed_at=CLOSED,
    )


def closed(closure: Closure, *earlier: DomainEvent) -> list[DomainEvent]:
    """The history of an enquiry's feedback once `closure` has been handled."""
    history = list(earlier)
    history += decisions.when_enquiry_closed(
        fold(history), closure, now=CLOSED, due_within=EIGHT_WEEKS
    )
    return history


def some_answers() -> Answers:
    return Answers(
        asked_what_they_wanted=YesNoNotSure.YES,
        did_it_happen=HowFar.PARTIALLY,
        satisfaction=4,
        what_would_have_made_it_better=WORDS,
    )


def answering(
    closure: Closure,
    request_id: uuid.UUID,
    *,
    respondent: Respondent = Respondent.PERSON,
    recorded_by: str | None = "practitioner-other",
    why: str | None = None,
    anonymous: bool = False,
    answers: Answers | None = None,
) -> Answering:
    return Answering(
        enquiry_id=closure.enquiry_id,
        request_id=request_id,
        respondent=respondent,
        answers=answers or some_answers(),
        channel=Channel.CONVERSATION if recorded_by else Channel.LINK,
        recorded_by=recorded_by,
        why_the_lead_asked=why,
        anonymous=anonymous,
    )


def test_a_closure_asks_the_person_within_eight_weeks_not_through_the_lead() -> None:
    closure = a_closure()

    (event,) = decisions.when_enquiry_closed(
        EnquiryFeedback(), closure, now=CLOSED + timedelta(seconds=2), due_within=EIGHT_WEEKS
    )

    assert isinstance(event, FeedbackRequested)
    assert event.request_id == decisions.request_id_for(closure.closure_event_id)
    assert event.addressee is Addressee.PERSON
    assert event.due_at == CLOSED + EIGHT_WEEKS
    assert event.ask_not_by == LEAD
    assert event.closure_event_id == closure.closure_event_id


def test_the_same_closure_handled_twice_asks_once() -> None:
    closure = a_closure()
    history = closed(closure)

    again = decisions.when_enquiry_closed(
        fold(history), closure, now=CLOSED, due_within=EIGHT_WEEKS
    )

    assert again == []


def test_a_second_closure_while_a_request_is_open_asks_nobody_and_says_why() -> None:
    first = a_closure()
    second = a_closure(first.enquiry_id)

    (event,) = closed(second, *closed(first))[1:]

    assert event == FeedbackNotRequested(
        enquiry_id=first.enquiry_id,
        lead_agency_id="adult-social-care",
        closure_event_id=second.closure_event_id,
        reason=NotRequestedReason.REQUEST_OPEN,
    )


def test_a_refusal_is_respected_at_every_later_closure() -> None:
    first = a_closure()
    history = closed(first)
    request_id = decisions.request_id_for(first.closure_event_id)
    history += decisions.refuse(
        fold(history),
        enquiry_id=first.enquiry_id,
        request_id=request_id,
        refused_by=Respondent.PERSON,
        channel=Channel.CONVERSATION,
        recorded_by="practitioner-other",
        now=CLOSED,
    )
    second = a_closure(first.enquiry_id)

    (event,) = closed(second, *history)[len(history) :]

    assert fold(history).requests[request_id].status is Status.REFUSED
    assert isinstance(event, FeedbackNotRequested)
    assert event.reason is NotRequestedReason.REFUSED


def test_a_refusal_is_recorded_once() -> None:
    closure = a_closure()
    history = closed(closure)
    request_id = decisions.request_id_for(closure.closure_event_id)
    arguments = {
        "enquiry_id": closure.enquiry_id,
        "request_id": request_id,
        "refused_by": Respondent.PERSON,
        "channel": Channel.LINK,
        "recorded_by": None,
        "now": CLOSED,
    }
    history += decisions.refuse(fold(history), **arguments)  # type: ignore[arg-type]

    assert isinstance(history[-1], FeedbackRefused)
    assert decisions.refuse(fold(history), **arguments) == []  # type: ignore[arg-type]


def test_after_an_answered_request_a_new_closure_asks_again() -> None:
    first = a_closure()
    history = closed(first)
    request_id = decisions.request_id_for(first.closure_event_id)
    events, _ = decisions.record_answers(
        fold(history), answering(first, request_id), now=CLOSED, anonymous_id=uuid.uuid4()
    )
    history += events

    (event,) = closed(a_closure(first.enquiry_id), *history)[len(history) :]

    assert fold(history).requests[request_id].status is Status.ANSWERED
    assert isinstance(event, FeedbackRequested)


def test_answers_are_kept_verbatim_and_close_the_request() -> None:
    closure = a_closure()
    history = closed(closure)
    request_id = decisions.request_id_for(closure.closure_event_id)

    (event,), apart = decisions.record_answers(
        fold(history), answering(closure, request_id), now=CLOSED, anonymous_id=uuid.uuid4()
    )

    assert isinstance(event, FeedbackReceived)
    assert apart is None
    assert event.answers is not None
    assert event.answers.what_would_have_made_it_better == WORDS
    assert event.asked_by_enquiry_lead is False
    assert fold([*history, event]).requests[request_id].status is Status.ANSWERED


def test_the_enquiry_lead_may_ask_only_saying_why() -> None:
    closure = a_closure()
    state = fold(closed(closure))
    request_id = decisions.request_id_for(closure.closure_event_id)

    with pytest.raises(LeadMustSayWhy):
        decisions.record_answers(
            state,
            answering(closure, request_id, recorded_by=LEAD),
            now=CLOSED,
            anonymous_id=uuid.uuid4(),
        )
    (event,), _ = decisions.record_answers(
        state,
        answering(closure, request_id, recorded_by=LEAD, why="She asked for me."),
        now=CLOSED,
        anonymous_id=uuid.uuid4(),
    )

    assert isinstance(event, FeedbackReceived)
    assert event.asked_by_enquiry_lead is True
    assert event.why_the_lead_asked == "She asked for me."


def test_both_must_answer_before_a_request_to_both_is_answered() -> None:
    closure = a_closure()
    history = closed(closure)
    request_id = decisions.request_id_for(closure.closure_event_id)
    history += decisions.amend_request(
        fold(history),
        enquiry_id=closure.enquiry_id,
        request_id=request_id,
        addressee=Addressee.BOTH,
        way_to_ask=WayToAsk.PHONE,
        easy_read=False,
        now=CLOSED,
    )
    history += decisions.record_answers(
        fold(history), answering(closure, request_id), now=CLOSED, anonymous_id=uuid.uuid4()
    )[0]

    assert fold(history).requests[request_id].status is Status.OPEN
    with pytest.raises(AlreadyAnswered):
        decisions.record_answers(
            fold(history), answering(closure, request_id), now=CLOSED, anonymous_id=uuid.uuid4()
        )
    history += decisions.record_answers(
        fold(history),
        answering(closure, request_id, respondent=Respondent.REPRESENTATIVE),
        now=CLOSED,
        anonymous_id=uuid.uuid4(),
    )[0]
    assert fold(history).requests[request_id].status is Status.ANSWERED


def test_a_respondent_the_request_does_not_ask_cannot_answer() -> None:
    closure = a_closure()
    state = fold(closed(closure))
    request_id = decisions.request_id_for(closure.closure_event_id)

    with pytest.raises(NotAnAddressee):
        decisions.record_answers(
            state,
            answering(closure, request_id, respondent=Respondent.REPRESENTATIVE),
            now=CLOSED,
            anonymous_id=uuid.uuid4(),
        )


def test_answers_with_nothing_answered_are_refused() -> None:
    closure = a_closure()
    state = fold(closed(closure))
    request_id = decisions.request_id_for(closure.closure_event_id)

    with pytest.raises(NothingAnswered):
        decisions.record_answers(
            state,
            answering(closure, request_id, answers=Answers()),
            now=CLOSED,
            anonymous_id=uuid.uuid4(),
        )


def test_anonymous_answers_leave_the_enquiry_with_only_the_agency_and_the_month() -> None:
    closure = a_closure()
    state = fold(closed(closure))
    request_id = decisions.request_id_for(closure.closure_event_id)
    anonymous_id = uuid.uuid4()

    (received,), apart = decisions.record_answers(
        state,
        answering(closure, request_id, recorded_by=None, anonymous=True),
        now=CLOSED + timedelta(days=3),
        anonymous_id=anonymous_id,
    )

    assert isinstance(received, FeedbackReceived)
    assert received.answers is None
    assert received.anonymous
    assert isinstance(apart, AnonymousFeedbackReceived)
    assert apart.model_dump(mode="json") == {
        "feedback_id": str(anonymous_id),
        "agency_id": "adult-social-care",
        "period": "2026-11",
        "respondent": "person",
        "channel": "link",
        "easy_read": False,
        "answers": some_answers().model_dump(mode="json"),
    }


def test_a_request_expires_once_when_its_due_date_passes() -> None:
    closure = a_closure()
    history = closed(closure)
    request_id = decisions.request_id_for(closure.closure_event_id)
    arguments = {"enquiry_id": closure.enquiry_id, "request_id": request_id}

    early = decisions.expire(
        fold(history), now=CLOSED + EIGHT_WEEKS - timedelta(seconds=1), **arguments
    )
    history += decisions.expire(fold(history), now=CLOSED + EIGHT_WEEKS, **arguments)

    assert early == []
    assert isinstance(history[-1], FeedbackRequestExpired)
    assert fold(history).requests[request_id].status is Status.EXPIRED
    assert decisions.expire(fold(history), now=CLOSED + EIGHT_WEEKS * 2, **arguments) == []


def test_nothing_can_be_answered_once_the_due_date_has_passed() -> None:
    closure = a_closure()
    state = fold(closed(closure))
    request_id = decisions.request_id_for(closure.closure_event_id)

    with pytest.raises(RequestNotOpen):
        decisions.record_answers(
            state,
            answering(closure, request_id),
            now=CLOSED + EIGHT_WEEKS,
            anonymous_id=uuid.uuid4(),
        )


def link_for(closure: Closure, respondent: Respondent = Respondent.PERSON) -> list[DomainEvent]:
    history = closed(closure)
    request_id = decisions.request_id_for(closure.closure_event_id)
    if respondent is Respondent.REPRESENTATIVE:
        history += decisions.amend_request(
            fold(history),
            enquiry_id=closure.enquiry_id,
            request_id=request_id,
            addressee=Addressee.BOTH,
            way_to_ask=None,
            easy_read=False,
            now=CLOSED,
        )
    history += decisions.issue_link(
        fold(history),
        enquiry_id=closure.enquiry_id,
        request_id=request_id,
        respondent=respondent,
        token_sha256="a" * 64,
        now=CLOSED,
    )
    return history


def test_a_link_answers_for_its_respondent_until_used() -> None:
    closure = a_closure()
    history = link_for(closure, Respondent.REPRESENTATIVE)

    request, respondent = decisions.usable_link(fold(history), "a" * 64, CLOSED)
    history += decisions.record_answers(
        fold(history),
        answering(closure, request.request_id, respondent=respondent, recorded_by=None),
        now=CLOSED,
        anonymous_id=uuid.uuid4(),
    )[0]

    assert respondent is Respondent.REPRESENTATIVE
    with pytest.raises(LinkUnusable):
        decisions.usable_link(fold(history), "a" * 64, CLOSED)


def test_a_link_expires_with_its_request_and_a_new_one_replaces_the_old() -> None:
    closure = a_closure()
    history = link_for(closure)
    request_id = decisions.request_id_for(closure.closure_event_id)
    history += decisions.issue_link(
        fold(history),
        enquiry_id=closure.enquiry_id,
        request_id=request_id,
        respondent=Respondent.PERSON,
        token_sha256="b" * 64,
        now=CLOSED,
    )

    with pytest.raises(LinkUnusable):
        decisions.usable_link(fold(history), "b" * 64, CLOSED + EIGHT_WEEKS)
    with pytest.raises(LinkUnusable):
        decisions.usable_link(fold(history), "a" * 64, CLOSED)
    assert decisions.usable_link(fold(history), "b" * 64, CLOSED)[1] is Respondent.PERSON


def test_changing_whom_to_ask_to_the_same_thing_changes_nothing() -> None:
    closure = a_closure()
    state = fold(closed(closure))

    unchanged = decisions.amend_request(
        state,
        enquiry_id=closure.enquiry_id,
        request_id=decisions.request_id_for(closure.closure_event_id),
        addressee=Addressee.PERSON,
        way_to_ask=None,
        easy_read=False,
        now=CLOSED,
    )

    assert unchanged == []


def test_a_closure_that_arrives_after_its_due_date_is_not_asked_about() -> None:
    closure = a_closure()

    (event,) = decisions.when_enquiry_closed(
        EnquiryFeedback(), closure, now=CLOSED + EIGHT_WEEKS, due_within=EIGHT_WEEKS
    )

    assert isinstance(event, FeedbackNotRequested)
    assert event.reason is NotRequestedReason.PAST_DUE
