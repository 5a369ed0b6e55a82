"""The "whom to ask and how" form of a feedback request: its choices and its checks. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from services.portal.forms import FormErrors

ADDRESSEES = (
    ("person", "The person"),
    ("representative", "Their representative"),
    ("both", "The person and their representative"),
)
# Feedback's WayToAsk, in plain words; "" is "not known".
WAYS_TO_ASK = (
    ("face_to_face", "Face to face"),
    ("phone", "Phone call"),
    ("video_call", "Video call"),
    ("letter", "Letter"),
    ("email", "Email"),
    ("text_message", "Text message"),
    ("", "We do not know yet"),
)
# Feedback's field names -> the form's (its 422s land beside the field they are about).
SERVICE_FIELDS = {"addressee": "addressee", "way_to_ask": "way_to_ask", "easy_read": "easy_read"}


def how_to_ask_from(
    posted: Mapping[str, object],
) -> tuple[dict[str, str], dict[str, object], FormErrors]:
    """What was typed (to show again), feedback's `PUT .../how-to-ask` body, and the errors."""
    typed = {
        "addressee": str(posted.get("addressee", "")),
        "way_to_ask": str(posted.get("way_to_ask", "")),
        "easy_read": "yes" if posted.get("easy_read") == "yes" else "",
    }
    errors = FormErrors()
    if typed["addressee"] not in dict(ADDRESSEES):
        errors.add("addressee", "Select who to ask for feedback")
    if typed["way_to_ask"] not in dict(WAYS_TO_ASK):
        errors.add("way_to_ask", "Select how they prefer to be asked, or that you do not know yet")
    body: dict[str, object] = {
        "addressee": typed["addressee"],
        "way_to_ask": typed["way_to_ask"] or None,
        "easy_read": typed["easy_read"] == "yes",
    }
    return typed, body, errors
