"""Request and response bodies of the feedback API."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.feedback import (
    WORDS_MAX_LENGTH,
    Addressee,
    Answers,
    Channel,
    Respondent,
    WayToAsk,
)

ANSWER_KEYS = tuple(Answers.model_fields)


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HowToAsk(Command):
    """Whom to ask and how; until intake publishes preferences, the practitioner says."""

    addressee: Addressee = Field(description="person, representative or both")
    way_to_ask: WayToAsk | None = Field(None, description="their preferred way, if known")
    easy_read: bool = Field(False, description="ask with the easy-read questions and pictures")


class IssueLink(Command):
    respondent: Respondent = Field(Respondent.PERSON, description="whom the link is for")


class RecordAnswers(Command):
    """Answers taken down from a conversation: the words exactly as they were said."""

    respondent: Respondent
    answers: Answers
    easy_read: bool = False
    why_the_lead_asked: str | None = Field(
        None,
        max_length=WORDS_MAX_LENGTH,
        description="required when the enquiry lead asks (someone else should where possible)",
    )


class RecordRefusal(Command):
    refused_by: Respondent


class RecordAnonymous(Command):
    respondent: Respondent = Respondent.PERSON
    answers: Answers
    easy_read: bool = False


class LinkAnswers(Command):
    answers: Answers
    anonymous: bool = Field(False, description="keep the answers apart from the enquiry")
    easy_read: bool = False


class RequestSummary(BaseModel):
    request_id: UUID
    enquiry_id: UUID
    status: str
    addressee: Addressee
    way_to_ask: WayToAsk | None
    easy_read: bool
    ask_not_by: str = Field(description="the enquiry lead: someone else asks where possible")
    closed_at: datetime
    requested_at: datetime
    due_at: datetime
    person_answered: bool
    representative_answered: bool
    refused_by: Respondent | None
    ended_at: datetime | None


class RequestPage(BaseModel):
    items: list[RequestSummary]
    limit: int
    offset: int


class AnswersView(BaseModel):
    answers_id: UUID
    respondent: Respondent
    channel: Channel
    easy_read: bool
    recorded_by: str | None
    asked_by_enquiry_lead: bool
    why_the_lead_asked: str | None
    received_at: datetime | None
    answers: Answers

    @classmethod
    def of_row(cls, row: dict[str, Any]) -> AnswersView:
        return cls.model_validate({**row, "answers": {key: row[key] for key in ANSWER_KEYS}})


class RequestRecord(RequestSummary):
    answers: list[AnswersView]


class RequestViewed(BaseModel):
    """One view of a request: who (user and agency) and when; for the managers' access log."""

    viewer_user_id: str
    viewer_agency_id: str
    viewed_at: datetime


class LinkIssued(BaseModel):
    token: str = Field(description="shown once: give it to them; it is not stored anywhere")
    respondent: Respondent
    expires_at: datetime


class Recorded(BaseModel):
    detail: str


class AnonymousRecorded(BaseModel):
    feedback_id: UUID
