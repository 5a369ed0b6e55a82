"""How to communicate with the person, said first and plainly: the enquiry page's banner.

The headline is built from the ways refused and allowed ("No letters — face to face or text");
the person's own words are shown as they said them, in quotation marks, never rephrased."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

# The contact methods as a person would say them, plural for "No ...".
REFUSED = {
    "letter": "No letters",
    "phone": "No phone calls",
    "email": "No emails",
    "text": "No text messages",
    "face to face": "No face-to-face visits",
}
ALLOWED = {
    "face to face": "meet face to face",
    "phone": "phone",
    "letter": "letters",
    "email": "email",
    "text": "text messages",
}


class Preferences(BaseModel):
    """Intake's `communication_preferences`: what the banner needs of them."""

    model_config = ConfigDict(extra="ignore")

    contact_allowed: list[str] = []
    contact_refused: list[str] = []
    in_their_words: str | None = None
    easy_read: bool = False
    pictures: bool = False
    language: str | None = None
    interpreter_needed: bool = False
    who_to_involve: str | None = None
    meeting_place: str | None = None
    meeting_times: str | None = None
    enter_room_first: bool | None = None
    pace: str | None = None


@dataclass(frozen=True)
class Banner:
    headline: str
    in_their_words: str | None
    who_to_involve: str | None
    points: list[str] = field(default_factory=list)


def _joined(parts: list[str], last: str) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {last} {parts[-1]}"


def headline_of(preferences: Preferences) -> str:
    said: list[str] = []
    refused = [REFUSED.get(method, f"No {method}") for method in preferences.contact_refused]
    if refused:
        said.append(_joined(refused, "and"))
    allowed = [ALLOWED.get(method, method) for method in preferences.contact_allowed]
    if allowed:
        said.append(_joined(allowed, "or"))
    if not said:
        return "No preferences recorded about how to contact the person"
    headline = " — ".join(said)
    return headline[0].upper() + headline[1:]


def banner_of(preferences: Preferences | None) -> Banner | None:
    if preferences is None:
        return None
    points = []
    if preferences.easy_read:
        points.append("Use easy read")
    if preferences.pictures:
        points.append("Use pictures")
    if preferences.language:
        interpreter = ", with an interpreter" if preferences.interpreter_needed else ""
        points.append(f"Language: {preferences.language}{interpreter}")
    elif preferences.interpreter_needed:
        points.append("Needs an interpreter")
    if preferences.meeting_place:
        points.append(f"Where to meet: {preferences.meeting_place}")
    if preferences.meeting_times:
        points.append(f"When to meet: {preferences.meeting_times}")
    if preferences.enter_room_first is True:
        points.append("Let them enter the room first")
    if preferences.pace:
        points.append(f"Pace: {preferences.pace}")
    return Banner(
        headline=headline_of(preferences),
        in_their_words=preferences.in_their_words,
        who_to_involve=preferences.who_to_involve,
        points=points,
    )
