"""The managers' access log of one enquiry: every view of its record, whichever service kept it
(intake's record, outcomes' board and history, the shared information opened by a recipient,
feedback requests), newest first. Pure: the page fetches, this merges and names."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from services.portal.views.sharing import Decision


class Read(BaseModel):
    model_config = ConfigDict(extra="ignore")


class IntakeView(Read):
    user_id: str
    agency_id: str
    role: str | None = None
    view: str
    viewed_at: datetime


class IntakeAccessLog(Read):
    views: list[IntakeView] = []


class OutcomesView(Read):
    user_id: str
    agency_id: str
    what: str
    viewed_at: datetime


class FeedbackView(Read):
    viewer_user_id: str
    viewer_agency_id: str
    viewed_at: datetime


class Access(BaseModel):
    """One row of the log: who looked at what, when."""

    when: datetime
    user_id: str
    agency_id: str
    what: str


# What each service calls a view, in plain words.
WHAT = {
    "detail": "The enquiry record",
    "timeline": "The enquiry's timeline",
    "consents": "The consent decisions",
    "board": "The person's outcomes",
    "history": "What changed in the outcomes",
}


def accesses_of(
    intake: list[IntakeView],
    outcomes: list[OutcomesView],
    sharing: list[Decision],
    feedback: list[FeedbackView],
) -> list[Access]:
    """Every view, newest first. Shared information counts when the receiving agency opened it."""
    rows = [
        Access(when=v.viewed_at, user_id=v.user_id, agency_id=v.agency_id, what=_what(v.view))
        for v in intake
    ]
    rows += [
        Access(when=v.viewed_at, user_id=v.user_id, agency_id=v.agency_id, what=_what(v.what))
        for v in outcomes
    ]
    rows += [
        Access(when=d.at, user_id=d.who, agency_id=d.agency_id, what="Information shared with them")
        for d in sharing
        if d.decision == "viewed"
    ]
    rows += [
        Access(
            when=v.viewed_at,
            user_id=v.viewer_user_id,
            agency_id=v.viewer_agency_id,
            what="The person's feedback",
        )
        for v in feedback
    ]
    return sorted(rows, key=lambda row: row.when, reverse=True)


def _what(view: str) -> str:
    return WHAT.get(view, view.replace("_", " ").capitalize())
