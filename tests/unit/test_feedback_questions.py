"""The feedback questions, links and rate limit: pure, no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.feedback import links
from services.feedback.api.questions import question_set
from services.feedback.questions import QUESTIONS, Wording
from services.feedback.rate_limit import AttemptLimiter
from shared.clock import FixedClock
from shared.contracts.feedback import Answers

pytestmark = pytest.mark.unit


def test_every_answer_has_a_question_and_every_question_an_answer() -> None:
    assert [q.key for q in QUESTIONS] == list(Answers.model_fields)


@pytest.mark.parametrize("wording", list(Wording))
def test_every_wording_has_a_text_for_every_question_and_choice(wording: Wording) -> None:
    questions = question_set(wording)

    assert questions.introduction
    for question in questions.questions:
        assert question.text
        assert all(choice.label for choice in question.choices)


def test_the_representative_is_asked_about_the_person_not_about_themselves() -> None:
    person = question_set(Wording.PERSON).questions[0].text
    representative = question_set(Wording.REPRESENTATIVE).questions[0].text

    assert person == "Were you asked what you wanted to happen?"
    assert representative == "Was the person asked what they wanted to happen?"


def test_easy_read_has_short_sentences_and_a_described_picture_for_everything() -> None:
    easy_read = question_set(Wording.EASY_READ)

    for question in easy_read.questions:
        assert question.picture
        assert question.alt
        assert all(choice.picture and choice.alt for choice in question.choices)
        sentences = [s for s in question.text.replace("?", ".").split(".") if s.strip()]
        assert all(len(sentence.split()) <= 12 for sentence in sentences), question.text


def test_pictures_are_offered_with_the_easy_read_wording_only() -> None:
    person = question_set(Wording.PERSON)

    assert all(q.picture is None for q in person.questions)


def test_a_satisfaction_scale_has_five_points() -> None:
    (scale,) = [q for q in QUESTIONS if q.kind == "scale"]

    assert [c.value for c in scale.choices] == [1, 2, 3, 4, 5]


def test_a_token_is_unguessable_and_only_its_hash_is_kept() -> None:
    token = links.new_token()

    assert links.looks_like_a_token(token)
    assert len(token) == 43  # 32 random bytes
    assert links.hash_of(token) != token
    assert len(links.hash_of(token)) == 64
    assert links.new_token() != token
    assert not links.looks_like_a_token("../../etc/passwd")


def test_the_link_limit_counts_per_address_within_a_minute() -> None:
    clock = FixedClock(datetime(2026, 11, 26, tzinfo=UTC))
    limiter = AttemptLimiter(2, clock)

    allowed = [limiter.allow("10.0.0.1") for _ in range(3)]
    other = limiter.allow("10.0.0.2")
    clock.advance(timedelta(minutes=1))

    assert allowed == [True, True, False]
    assert other is True
    assert limiter.allow("10.0.0.1") is True
