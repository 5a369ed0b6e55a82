"""The person's communication preferences as delivery rules (pure)."""

from __future__ import annotations

import pytest

from services.notifications.domain.preferences import Addresses, Channel, route_for_person
from shared.codes import ContactMethod as M
from shared.contracts.intake import CommunicationPreferences

pytestmark = pytest.mark.unit

EMAIL, PHONE, POST = "joyce@example.org", "07700 900123", "12 Mill Lane, St Helier"


def prefs(**values: object) -> CommunicationPreferences:
    return CommunicationPreferences.model_validate(values)


def test_never_a_letter_to_someone_who_refused_letters() -> None:
    refused = prefs(
        contact_allowed=[M.LETTER, M.EMAIL],
        contact_refused=[M.LETTER],
        in_their_words="please don't send me letters",
    )
    assert route_for_person(refused, Addresses(person=POST)).channel is Channel.TASK
    assert route_for_person(refused, Addresses(person=EMAIL)).channel is Channel.EMAIL


def test_the_first_allowed_way_that_can_be_used_in_their_order() -> None:
    chosen = prefs(contact_allowed=[M.TEXT, M.EMAIL])
    assert route_for_person(chosen, Addresses(person=PHONE)).channel is Channel.SMS
    route = route_for_person(chosen, Addresses(person=EMAIL))
    assert (route.channel, route.address) == (Channel.EMAIL, EMAIL)


def test_a_letter_goes_to_a_postal_address_only() -> None:
    letters = prefs(contact_allowed=[M.LETTER])
    assert route_for_person(letters, Addresses(person=POST)).channel is Channel.LETTER
    assert route_for_person(letters, Addresses(person=EMAIL)).channel is Channel.TASK


def test_face_to_face_or_phone_is_a_task_for_the_practitioner() -> None:
    route = route_for_person(prefs(contact_allowed=[M.FACE_TO_FACE, M.EMAIL]), Addresses(EMAIL))
    assert route.channel is Channel.TASK
    assert route.task_reason is not None
    assert "face to face" in route.task_reason


def test_no_allowed_way_or_no_preferences_known_is_a_task() -> None:
    assert route_for_person(prefs(), Addresses(person=EMAIL)).channel is Channel.TASK
    assert route_for_person(None, Addresses(person=EMAIL)).channel is Channel.TASK
    assert route_for_person(prefs(contact_allowed=[M.EMAIL]), Addresses()).channel is Channel.TASK


def test_easy_read_with_pictures_when_asked() -> None:
    route = route_for_person(
        prefs(contact_allowed=[M.EMAIL], easy_read=True, pictures=True), Addresses(person=EMAIL)
    )
    assert (route.easy_read, route.pictures) == (True, True)
    plain = route_for_person(prefs(contact_allowed=[M.EMAIL]), Addresses(person=EMAIL))
    assert (plain.easy_read, plain.pictures) == (False, False)


def test_through_the_supporter_they_named() -> None:
    sister = prefs(contact_allowed=[M.EMAIL], who_to_involve="I need my sister to be involved")
    route = route_for_person(sister, Addresses(person=EMAIL, supporter="sister@example.org"))
    assert (route.channel, route.address) == (Channel.EMAIL, "sister@example.org")
    assert route.through_supporter
    assert route.supporter == "I need my sister to be involved"


def test_a_named_supporter_without_an_address_is_a_task_to_go_through_them() -> None:
    sister = prefs(contact_allowed=[M.EMAIL], who_to_involve="my sister")
    route = route_for_person(sister, Addresses(person=EMAIL))
    assert route.channel is Channel.TASK
    assert route.through_supporter
