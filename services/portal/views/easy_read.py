"""The person's easy-read page: their outcomes in their own words, each with a picture, and who
is doing what by when, in short sentences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.portal.views.outcomes import Board
from services.portal.views.record import agency_name


@dataclass(frozen=True)
class Step:
    who: str
    what: str
    by_when: date
    done: bool


@dataclass(frozen=True)
class Wish:
    words: str
    not_wanted: bool
    steps: list[Step]


def who_does_it(owner: str, owner_agency_id: str | None) -> str:
    if owner == "person":
        return "You"
    return agency_name(owner_agency_id) if owner_agency_id else "Your worker"


def wishes_of(board: Board | None) -> list[Wish]:
    """The outcomes that still stand, most important first, with their open and done actions."""
    if board is None:
        return []
    standing = [o for o in board.outcomes if o.status != "withdrawn"]
    standing.sort(key=lambda o: (o.rank is None, o.rank or 0))
    return [
        Wish(
            words=outcome.words,
            not_wanted=outcome.kind == "not_wanted",
            steps=[
                Step(
                    who=who_does_it(action.owner, action.owner_agency_id),
                    what=action.what,
                    by_when=action.due_on,
                    done=action.status == "completed",
                )
                for action in outcome.actions
                if action.status != "cancelled"
            ],
        )
        for outcome in standing
    ]
