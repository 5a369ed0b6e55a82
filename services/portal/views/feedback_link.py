"""The person's side of a single-use feedback link: what the link asks (from feedback's
`GET /feedback/link/{token}`), and the answers form's checks in words meant for them. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from services.portal.forms import FormErrors
from services.portal.views.feedback import (
    WORDS_LIMIT,
    AnswerMessages,
    QuestionSet,
    Read,
    answers_from,
)

# Feedback's codes are `secrets.token_urlsafe(32)`: 43 URL-safe characters. Anything else is
# refused here, with the same page as a used link, and never put into a URL to feedback.
TOKEN = re.compile(r"[A-Za-z0-9_-]{32,128}")
ANONYMOUS = "anonymous"

TO_THE_PERSON = AnswerMessages(
    too_long=f"What you wrote is too long. Use {WORDS_LIMIT:,} characters or fewer",
    not_a_choice="Choose one of the answers",
    nothing_answered="Answer at least one question, or tell us you do not want to answer",
)
TO_THE_PERSON_EASY_READ = AnswerMessages(
    too_long=f"You wrote a lot. Please use {WORDS_LIMIT:,} letters or fewer",
    not_a_choice="Choose one of the answers",
    nothing_answered="Please answer at least 1 question. Or tell us you do not want to answer",
)


def looks_like_a_code(token: str) -> bool:
    return TOKEN.fullmatch(token) is not None


class LinkQuestions(Read):
    """What feedback says the link asks: for whom, and the questions in their wording."""

    respondent: str  # person | representative
    questions: QuestionSet

    @property
    def easy_read(self) -> bool:
        return self.questions.wording == "easy_read"


def their_answers(
    posted: Mapping[str, Any], link: LinkQuestions
) -> tuple[dict[str, str], dict[str, Any], bool, FormErrors]:
    """What was typed (shown again on an error), the answers, whether to keep them apart from
    their name, and the errors. An empty form names the first question, so that the error
    summary's link takes them somewhere to start."""
    messages = TO_THE_PERSON_EASY_READ if link.easy_read else TO_THE_PERSON
    questions = link.questions.questions
    typed, answers, errors = answers_from(posted, questions, messages)
    anonymous = posted.get(ANONYMOUS) == "yes"
    typed[ANONYMOUS] = "yes" if anonymous else ""
    if errors.general and questions:
        errors = FormErrors()
        errors.add(questions[0].key, messages.nothing_answered)
    return typed, answers, anonymous, errors
