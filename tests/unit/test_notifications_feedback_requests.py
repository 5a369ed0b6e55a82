"""Asking for feedback after closure in the way the person prefers (pure): the preference rules,
the way the request names, the representative, and no link or token in any message."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from services.notifications.domain.feedback_requests import (
    FeedbackAsk,
    ask_for_feedback,
    routes_for,
)
from services.notifications.domain.preferences import Addresses, Channel, Route
from shared.codes import ContactMethod as M
from shared.contracts.feedback import Addressee, Respondent, WayToAsk
from shared.contracts.intake import CommunicationPreferences
from shared.contracts.notifications import MessageQueued

pytestmark = pytest.mark.unit

EMAIL, PHONE, POST = "joyce@example.org", "07700 900123", "12 Mill Lane, St Helier"
NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)


def an_ask(
    addressee: Addressee = Addressee.PERSON, way: WayToAsk | None = None, easy_read: bool = False
) -> FeedbackAsk:
    return FeedbackAsk(uuid.uuid4(), addressee, way, easy_read, ask_not_by="practitioner-1")


def prefs(**values: object) -> CommunicationPreferences:
    return CommunicationPreferences.model_validate(values)


def channels(routes: list[tuple[Respondent, Route]]) -> list[tuple[str, str]]:
    return [(who.value, route.channel.value) for who, route in routes]


def test_never_a_letter_to_someone_who_refused_letters_even_when_the_request_says_letter() -> None:
    refused = prefs(contact_allowed=[M.LETTER], contact_refused=[M.LETTER])
    routes = routes_for(an_ask(way=WayToAsk.LETTER), refused, Addresses(person=POST))
    assert channels(routes) == [("person", "task")]


def test_the_way_the_request_names_goes_first_when_allowed() -> None:
    both = prefs(contact_allowed=[M.EMAIL, M.TEXT])
    reach = Addresses(person=PHONE)
    assert channels(routes_for(an_ask(way=WayToAsk.TEXT_MESSAGE), both, reach)) == [
        ("person", "sms")
    ]
    by_email = routes_for(an_ask(), both, Addresses(person=EMAIL))
    assert channels(by_email) == [("person", "email")]


def test_easy_read_when_the_request_or_their_preferences_ask_for_it() -> None:
    [(_, route)] = routes_for(
        an_ask(easy_read=True), prefs(contact_allowed=[M.EMAIL]), Addresses(person=EMAIL)
    )
    assert route.easy_read
    [message] = ask_for_feedback(
        fact_id=uuid.uuid4(),
        enquiry_id=uuid.uuid4(),
        agency_id="asc",
        lead_practitioner_id="practitioner-1",
        due_on=date(2027, 1, 22),
        routes=routes_for(
            an_ask(),
            prefs(contact_allowed=[M.EMAIL], easy_read=True, pictures=True),
            Addresses(person=EMAIL),
        ),
        now=NOW,
    )
    assert (message.easy_read, message.pictures, message.channel) == (True, True, "email")
    assert message.subject == "Tell us how it went"
    assert "[picture: two people talking]" in message.body


def test_through_the_supporter_they_named() -> None:
    sister = prefs(contact_allowed=[M.EMAIL], who_to_involve="my sister Ann")
    [(_, route)] = routes_for(
        an_ask(), sister, Addresses(person=EMAIL, supporter="ann@example.org")
    )
    assert (route.channel, route.address, route.through_supporter) == (
        Channel.EMAIL,
        "ann@example.org",
        True,
    )


def test_a_representative_is_reached_through_the_supporters_contact_or_by_a_task() -> None:
    allowed = prefs(contact_allowed=[M.EMAIL])
    [(who, route)] = routes_for(
        an_ask(Addressee.REPRESENTATIVE),
        allowed,
        Addresses(person=EMAIL, supporter="advocate@example.org"),
    )
    assert (who, route.address) == (Respondent.REPRESENTATIVE, "advocate@example.org")
    routes = routes_for(an_ask(Addressee.BOTH), allowed, Addresses(person=EMAIL))
    assert channels(routes) == [("person", "email"), ("representative", "task")]


def test_no_allowed_way_a_video_call_or_no_preferences_is_a_task_for_the_practitioner() -> None:
    reach = Addresses(person=EMAIL)
    assert channels(routes_for(an_ask(), prefs(), reach)) == [("person", "task")]
    assert channels(routes_for(an_ask(), None, reach)) == [("person", "task")]
    video = routes_for(an_ask(way=WayToAsk.VIDEO_CALL), prefs(contact_allowed=[M.EMAIL]), reach)
    assert channels(video) == [("person", "task")]
    [task] = ask_for_feedback(
        fact_id=uuid.uuid4(),
        enquiry_id=uuid.uuid4(),
        agency_id="asc",
        lead_practitioner_id="practitioner-1",
        due_on=date(2027, 1, 22),
        routes=video,
        now=NOW,
    )
    assert (task.recipient_kind, task.recipient_id, task.channel) == (
        "user",
        "practitioner-1",
        "task",
    )
    assert "video call" in task.body
    assert "by 22 January 2027" in task.body


def test_the_request_carries_no_link_and_names_the_same_message_each_time() -> None:
    fact_id, enquiry_id = uuid.uuid4(), uuid.uuid4()

    def build() -> list[MessageQueued]:
        return ask_for_feedback(
            fact_id=fact_id,
            enquiry_id=enquiry_id,
            agency_id="asc",
            lead_practitioner_id="practitioner-1",
            due_on=date(2027, 1, 22),
            routes=routes_for(
                an_ask(Addressee.BOTH),
                prefs(contact_allowed=[M.EMAIL]),
                Addresses(person=EMAIL, supporter="advocate@example.org"),
            ),
            now=NOW,
        )

    first, again = build(), build()
    assert [m.message_id for m in first] == [m.message_id for m in again]
    for message in first:
        body = message.body
        assert "http" not in body
        assert "/feedback/link" not in body
        assert "private link" in body
