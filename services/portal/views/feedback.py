"""What the portal reads of the feedback service (requests, answers, the questions in the
person's or the representative's wording), and the answers form's own checks. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.portal.forms import FormErrors

RESPONDENTS = (("person", "The person"), ("representative", "Their representative"))
WORDS_LIMIT = 4000  # feedback's limit for their words
STATUS = {
    "open": "Waiting for their answers",
    "answered": "Answered",
    "expired": "Not answered in time",
    "refused": "They did not want to give feedback",
}


class Read(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Choice(Read):
    value: str | int
    label: str
    picture: str | None = None  # easy-read only: which of pictures.html's pictures
    alt: str | None = None


class Question(Read):
    key: str
    kind: str  # choice | scale | words
    text: str
    picture: str | None = None
    alt: str | None = None
    choices: list[Choice] = []

    def items(self, chosen: str) -> list[dict[str, object]]:
        """The GOV.UK radios' items, the one chosen (as typed) checked."""
        return [
            {"value": str(c.value), "text": c.label, "checked": str(c.value) == chosen}
            for c in self.choices
        ]


class QuestionSet(Read):
    wording: str = "person"  # person | representative | easy_read
    introduction: str
    questions: list[Question]


class FeedbackRequest(Read):
    request_id: UUID
    enquiry_id: UUID
    status: str
    addressee: str
    ask_not_by: str
    due_at: datetime
    easy_read: bool = False
    way_to_ask: str | None = None
    person_answered: bool = False
    representative_answered: bool = False
    refused_by: str | None = None

    @property
    def status_text(self) -> str:
        return STATUS.get(self.status, self.status.capitalize())

    def still_to_answer(self) -> list[str]:
        """Who may still answer: the addressee(s) who have not."""
        if self.status != "open":
            return []
        wanted = ["person", "representative"] if self.addressee == "both" else [self.addressee]
        answered = {"person": self.person_answered, "representative": self.representative_answered}
        return [who for who in wanted if not answered[who]]

    def how_to_ask(self) -> dict[str, str]:
        """The request's own choices, as the how-to-ask form shows them."""
        return {
            "addressee": self.addressee,
            "way_to_ask": self.way_to_ask or "",
            "easy_read": "yes" if self.easy_read else "",
        }


class GivenAnswers(Read):
    respondent: str
    channel: str
    recorded_by: str | None = None
    received_at: datetime | None = None
    answers: dict[str, Any] = {}


class FeedbackRecord(FeedbackRequest):
    answers: list[GivenAnswers] = []


@dataclass(frozen=True)
class AnswerMessages:
    """The form's error messages: to a practitioner taking answers down, or to the person."""

    too_long: str
    not_a_choice: str
    nothing_answered: str


TO_PRACTITIONER = AnswerMessages(
    too_long=f"Their words must be {WORDS_LIMIT:,} characters or fewer",
    not_a_choice="Select one of the answers",
    nothing_answered="Record the answer to at least one question",
)


def answers_from(
    posted: Mapping[str, Any],
    questions: list[Question],
    messages: AnswerMessages = TO_PRACTITIONER,
) -> tuple[dict[str, str], dict[str, Any], FormErrors]:
    """What was typed (to show again), the answers for feedback (unanswered left out), errors.

    Their words are sent exactly as typed."""
    typed: dict[str, str] = {}
    answers: dict[str, Any] = {}
    errors = FormErrors()
    for question in questions:
        value = str(posted.get(question.key, ""))
        typed[question.key] = value
        if question.kind == "words":
            if len(value) > WORDS_LIMIT:
                errors.add(question.key, messages.too_long)
            elif value.strip():
                answers[question.key] = value
            continue
        if not value:
            continue
        chosen = next((c.value for c in question.choices if str(c.value) == value), None)
        if chosen is None:
            errors.add(question.key, messages.not_a_choice)
        else:
            answers[question.key] = chosen
    if not answers and not errors:
        errors.add_general(messages.nothing_answered)
    return typed, answers, errors


def service_fields(questions: list[Question]) -> dict[str, str]:
    """Feedback's field names (`answers.<key>`) mapped to the form's (`<key>`)."""
    fields = {f"answers.{question.key}": question.key for question in questions}
    return fields | {"why_the_lead_asked": "why_the_lead_asked"}
