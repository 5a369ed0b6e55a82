"""Asking the person (and/or their representative) for feedback after closure, in the way they
prefer: the preference rules of `preferences.py`, with the way the feedback request names first.

The message never carries the single-use link: notifications does not hold its token (feedback
keeps only its hash and returns it once, to the practitioner who issues it). The message tells
them someone will contact them to ask, and how they can answer; the asker hands over a link if
they want one. Where no way they allowed can be used, a task for the lead practitioner instead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from services.notifications.domain.preferences import Addresses, Channel, Route, route_for_person
from services.notifications.rendering import render
from shared.codes import ContactMethod
from shared.contracts.feedback import Addressee, Respondent, WayToAsk
from shared.contracts.intake import CommunicationPreferences
from shared.contracts.notifications import MessageQueued

METHOD_OF = {
    WayToAsk.FACE_TO_FACE: ContactMethod.FACE_TO_FACE,
    WayToAsk.PHONE: ContactMethod.PHONE,
    WayToAsk.LETTER: ContactMethod.LETTER,
    WayToAsk.EMAIL: ContactMethod.EMAIL,
    WayToAsk.TEXT_MESSAGE: ContactMethod.TEXT,
}


@dataclass(frozen=True)
class FeedbackAsk:
    """A feedback request as notifications keeps it: whom to ask and how."""

    request_id: UUID
    addressee: Addressee
    way_to_ask: WayToAsk | None
    easy_read: bool
    ask_not_by: str


def routes_for(
    ask: FeedbackAsk, prefs: CommunicationPreferences | None, addresses: Addresses
) -> list[tuple[Respondent, Route]]:
    """One route per respondent; the same route once when both would be reached the same way."""
    adjusted = _with_way_to_ask(prefs, ask)
    wanted = {
        Addressee.PERSON: [Respondent.PERSON],
        Addressee.REPRESENTATIVE: [Respondent.REPRESENTATIVE],
        Addressee.BOTH: [Respondent.PERSON, Respondent.REPRESENTATIVE],
    }[ask.addressee]
    routes: list[tuple[Respondent, Route]] = []
    for respondent in wanted:
        if ask.way_to_ask is WayToAsk.VIDEO_CALL:
            route = _task("They asked to be asked by video call: arrange the call.", adjusted)
        elif respondent is Respondent.REPRESENTATIVE:
            route = route_for_person(_through_representative(adjusted), addresses)
        else:
            route = route_for_person(adjusted, addresses)
        if all(route != other for _, other in routes):
            routes.append((respondent, route))
    return routes


def _with_way_to_ask(
    prefs: CommunicationPreferences | None, ask: FeedbackAsk
) -> CommunicationPreferences | None:
    """The way named on the request goes first, unless they refused it (a refusal always wins);
    easy-read when either the request or their preferences ask for it."""
    method = METHOD_OF.get(ask.way_to_ask) if ask.way_to_ask else None
    if prefs is None:
        if method is None:
            return None
        return CommunicationPreferences(contact_allowed=[method], easy_read=ask.easy_read)
    allowed = list(prefs.contact_allowed)
    if method is not None and method not in prefs.contact_refused:
        allowed = [method, *(m for m in allowed if m is not method)]
    return prefs.model_copy(
        update={"contact_allowed": allowed, "easy_read": prefs.easy_read or ask.easy_read}
    )


def _through_representative(
    prefs: CommunicationPreferences | None,
) -> CommunicationPreferences | None:
    if prefs is None:
        return None
    return prefs.model_copy(
        update={"who_to_involve": prefs.who_to_involve or "their representative"}
    )


def _task(reason: str, prefs: CommunicationPreferences | None) -> Route:
    easy_read = bool(prefs and prefs.easy_read)
    pictures = bool(prefs and prefs.pictures)
    supporter = prefs.who_to_involve if prefs else None
    return Route(
        Channel.TASK,
        None,
        easy_read,
        pictures,
        through_supporter=bool(supporter),
        supporter=supporter,
        task_reason=reason,
    )


def feedback_message_id(fact_id: UUID, respondent: Respondent) -> UUID:
    return uuid.uuid5(fact_id, f"feedback-{respondent.value}")


def ask_for_feedback(
    *,
    fact_id: UUID,
    enquiry_id: UUID,
    agency_id: str,
    lead_practitioner_id: str,
    due_on: date | None,
    routes: list[tuple[Respondent, Route]],
    now: datetime,
) -> list[MessageQueued]:
    """The request to each respondent, or a task for the lead practitioner to ask them."""
    messages: list[MessageQueued] = []
    for respondent, route in routes:
        values: dict[str, Any] = {
            "due_on": f"{due_on.day} {due_on:%B %Y}" if due_on else "",
            "respondent": respondent.value,
            "easy_read": route.easy_read,
            "pictures": route.pictures,
            "supporter": route.supporter,
            "reason": route.task_reason or "",
            "enquiry_ref": str(enquiry_id)[:8],
        }
        common = {
            "message_id": feedback_message_id(fact_id, respondent),
            "enquiry_id": enquiry_id,
            "cause": "feedback_request",
            "agency_id": agency_id,
            "easy_read": route.easy_read,
            "pictures": route.pictures,
            "queued_at": now,
        }
        if route.channel is Channel.TASK:
            text = render("task_feedback_request", **values)
            messages.append(
                MessageQueued(
                    **common,
                    recipient_kind="user",
                    recipient_id=lead_practitioner_id,
                    channel=Channel.TASK.value,
                    subject=text.subject,
                    body=text.body,
                )
            )
            continue
        text = render("feedback_request", **values)
        messages.append(
            MessageQueued(
                **common,
                recipient_kind="supporter" if route.through_supporter else "person",
                recipient_id=respondent.value,
                channel=route.channel.value,
                address=route.address,
                subject=text.subject,
                body=text.body,
            )
        )
    return messages
