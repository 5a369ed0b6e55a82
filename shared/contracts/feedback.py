"""Events published by the feedback service on `msp.feedback.events`.

Feedback asks the person (and/or their representative) how the enquiry went, once it is closed.
The person's words (`what_would_have_made_it_better`) are stored and returned verbatim. The
single-use link's token never appears in an event: only its SHA-256 hash does.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events import DomainEvent

STREAM = "msp.feedback.events"
WORDS_MAX_LENGTH = 4000


class Addressee(StrEnum):
    """Whom a request asks: whoever took part in the enquiry."""

    PERSON = "person"
    REPRESENTATIVE = "representative"
    BOTH = "both"


class Respondent(StrEnum):
    PERSON = "person"
    REPRESENTATIVE = "representative"


class WayToAsk(StrEnum):
    """How they prefer to be asked (intake will publish communication preferences later)."""

    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    VIDEO_CALL = "video_call"
    LETTER = "letter"
    EMAIL = "email"
    TEXT_MESSAGE = "text_message"


class Channel(StrEnum):
    """How the answers reached us."""

    CONVERSATION = "conversation"  # a practitioner recorded them from a conversation
    LINK = "link"  # the person or representative answered through a single-use link


class YesNoNotSure(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class HowFar(StrEnum):
    FULLY = "fully"
    PARTIALLY = "partially"
    NOT = "not"


class Answers(BaseModel):
    """The answers to the feedback questions. Every question may be left unanswered (None)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    asked_what_they_wanted: YesNoNotSure | None = Field(
        None, description="were you asked what you wanted to happen?"
    )
    did_it_happen: HowFar | None = Field(None, description="did it happen? fully/partially/not")
    listened_to: YesNoNotSure | None = Field(None, description="were you listened to?")
    involved_in_decisions: YesNoNotSure | None = Field(
        None, description="were you involved in decisions?"
    )
    feel_safer: YesNoNotSure | None = Field(None, description="do you feel safer?")
    satisfaction: int | None = Field(
        None, ge=1, le=5, description="1 very unhappy ... 5 very happy (five points)"
    )
    what_would_have_made_it_better: str | None = Field(
        None,
        max_length=WORDS_MAX_LENGTH,
        description="in their own words; stored and returned verbatim",
    )

    def is_empty(self) -> bool:
        return all(value is None for value in self.model_dump().values())


class NotRequestedReason(StrEnum):
    REFUSED = "refused"  # they said they do not want to be asked: respected
    REQUEST_OPEN = "request_open"  # a request of this enquiry is still open
    PAST_DUE = "past_due"  # the closure reached feedback after its due date (old history)


class FeedbackRequested(DomainEvent):
    """The enquiry closed: the person and/or their representative are to be asked for feedback."""

    event_type = "feedback.FeedbackRequested"

    request_id: UUID
    enquiry_id: UUID = Field(description="the enquiry; the feedback stream is `enquiry-<id>`")
    lead_agency_id: str
    closure_event_id: UUID = Field(description="the intake.EnquiryClosed that caused it")
    closed_at: datetime
    requested_at: datetime
    due_at: datetime = Field(description="asked by then, or the request expires")
    addressee: Addressee = Addressee.PERSON
    way_to_ask: WayToAsk | None = Field(None, description="None until a preference is known")
    easy_read: bool = False
    ask_not_by: str = Field(description="the enquiry lead: someone else asks where possible")


class FeedbackNotRequested(DomainEvent):
    """An enquiry closed and, on purpose, nobody is asked (the reason says why)."""

    event_type = "feedback.FeedbackNotRequested"

    enquiry_id: UUID
    lead_agency_id: str
    closure_event_id: UUID
    reason: NotRequestedReason


class FeedbackRequestAmended(DomainEvent):
    """A practitioner changed whom to ask, or how."""

    event_type = "feedback.FeedbackRequestAmended"

    request_id: UUID
    enquiry_id: UUID
    addressee: Addressee
    way_to_ask: WayToAsk | None
    easy_read: bool


class FeedbackLinkIssued(DomainEvent):
    """A single-use link was made for one respondent; it replaces any earlier link of theirs."""

    event_type = "feedback.FeedbackLinkIssued"

    request_id: UUID
    enquiry_id: UUID
    respondent: Respondent
    token_sha256: str = Field(description="hex SHA-256 of the token; the token is never stored")
    expires_at: datetime


class FeedbackReceived(DomainEvent):
    """A respondent answered. Anonymous answers are not kept here but in AnonymousFeedbackReceived."""

    event_type = "feedback.FeedbackReceived"

    request_id: UUID
    enquiry_id: UUID
    lead_agency_id: str
    respondent: Respondent
    channel: Channel
    answers: Answers | None = Field(description="None when they chose to answer anonymously")
    anonymous: bool = False
    easy_read: bool = False
    recorded_by: str | None = Field(None, description="the practitioner; None through a link")
    asked_by_enquiry_lead: bool = False
    why_the_lead_asked: str | None = None
    received_at: datetime


class AnonymousFeedbackReceived(DomainEvent):
    """Answers with no link to an enquiry beyond the agency and the month."""

    event_type = "feedback.AnonymousFeedbackReceived"

    feedback_id: UUID
    agency_id: str
    period: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    respondent: Respondent
    channel: Channel
    easy_read: bool = False
    answers: Answers


class FeedbackRefused(DomainEvent):
    """They do not want to give feedback: the request ends and they are not asked again."""

    event_type = "feedback.FeedbackRefused"

    request_id: UUID
    enquiry_id: UUID
    refused_by: Respondent
    channel: Channel
    recorded_by: str | None = None
    refused_at: datetime


class FeedbackRequestExpired(DomainEvent):
    """The request's due date passed before every addressee answered; published once."""

    event_type = "feedback.FeedbackRequestExpired"

    request_id: UUID
    enquiry_id: UUID
    lead_agency_id: str
    due_at: datetime
    expired_at: datetime


class FeedbackRecordViewed(DomainEvent):
    """Someone looked at a feedback record: every view is accounted for."""

    event_type = "feedback.FeedbackRecordViewed"

    request_id: UUID
    enquiry_id: UUID
    viewer_user_id: str
    viewer_agency_id: str
    viewed_at: datetime


class BoardReportViewed(DomainEvent):
    """Someone looked at (or downloaded) the board report: figures only, but every view counts."""

    event_type = "feedback.BoardReportViewed"

    viewer_user_id: str
    viewer_agency_id: str
    viewer_role: str
    agency_id: str | None = Field(description="the agency reported on; null: every agency")
    period_from: date = Field(description="the first day of the period")
    period_to: date = Field(description="the last day of the period")
    mode: str = Field(description="exact or publication")
    format: str = Field(description="json or csv")
    viewed_at: datetime


EVENTS: tuple[type[DomainEvent], ...] = (
    FeedbackRequested,
    FeedbackNotRequested,
    FeedbackRequestAmended,
    FeedbackLinkIssued,
    FeedbackReceived,
    AnonymousFeedbackReceived,
    FeedbackRefused,
    FeedbackRequestExpired,
    FeedbackRecordViewed,
    BoardReportViewed,
)
