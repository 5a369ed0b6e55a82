"""How a message reaches the person: their communication preferences as rules.

- Only a way they allowed, in the order they gave it, and never one they refused (no letter to
  someone who said "please don't send me letters").
- Face to face or by phone is a conversation, not a message: it becomes a task for the
  practitioner.
- Where they named someone to involve, the message goes through that supporter.
- Where no allowed way can be used (none allowed, or no address for it), a task for the
  practitioner instead: nothing is sent by a way they did not choose.
- Easy-read wording, with pictures, when they asked for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from shared.codes import ContactMethod
from shared.contracts.intake import CommunicationPreferences


class Channel(StrEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"
    TASK = "task"


@dataclass(frozen=True)
class Addresses:
    """What intake holds to reach them: the person's contact, and a supporter's if one is known."""

    person: str | None = None
    supporter: str | None = None
    supporter_name: str | None = None


@dataclass(frozen=True)
class Route:
    channel: Channel
    address: str | None
    easy_read: bool
    pictures: bool
    through_supporter: bool = False
    supporter: str | None = None  # who they asked to involve, in their words
    task_reason: str | None = None  # why a practitioner must do it instead


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[\d\s()-]{7,20}$")
BY_CONVERSATION = {ContactMethod.FACE_TO_FACE, ContactMethod.PHONE}


def route_for_person(prefs: CommunicationPreferences | None, addresses: Addresses) -> Route:
    if prefs is None:
        return _task("We do not know yet how the person wants to be contacted.", None, False)
    easy_read, pictures = prefs.easy_read, prefs.pictures
    supporter = prefs.who_to_involve
    if supporter and not addresses.supporter:
        return _task(
            "The person asked for someone to be involved: share this through them.",
            supporter,
            easy_read,
            pictures,
        )
    address = addresses.supporter if supporter else addresses.person
    allowed = [m for m in prefs.contact_allowed if m not in set(prefs.contact_refused)]
    for method in allowed:
        if method in BY_CONVERSATION:
            return _task(
                f"The person asked to be contacted {method.value}: tell them yourself.",
                supporter,
                easy_read,
                pictures,
            )
        channel = _channel_for(method, address)
        if channel is not None:
            return Route(
                channel,
                address,
                easy_read,
                pictures,
                through_supporter=bool(supporter),
                supporter=supporter,
            )
    return _task(
        "None of the ways the person allowed can be used: contact them the way they prefer.",
        supporter,
        easy_read,
        pictures,
    )


def _channel_for(method: ContactMethod, address: str | None) -> Channel | None:
    if address is None:
        return None
    if method is ContactMethod.EMAIL and EMAIL.match(address):
        return Channel.EMAIL
    if method is ContactMethod.TEXT and PHONE.match(address):
        return Channel.SMS
    if method is ContactMethod.LETTER and not EMAIL.match(address) and not PHONE.match(address):
        return Channel.LETTER
    return None


def _task(reason: str, supporter: str | None, easy_read: bool, pictures: bool = False) -> Route:
    return Route(
        Channel.TASK,
        None,
        easy_read,
        pictures,
        through_supporter=bool(supporter),
        supporter=supporter,
        task_reason=reason,
    )
