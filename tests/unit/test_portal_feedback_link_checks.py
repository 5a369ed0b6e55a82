"""The person's feedback link, its pure parts: which codes are ever sent to feedback, the answers
form's checks in words meant for them, and the paths whose cookie-less POSTs need a CSRF token."""

from __future__ import annotations

import pytest

from services.portal.security import ProtectedPaths
from services.portal.views.feedback import Choice, Question, QuestionSet
from services.portal.views.feedback_link import LinkQuestions, looks_like_a_code, their_answers

pytestmark = pytest.mark.unit
WORDS = '  Nobody rang back.\n"Weeks" — really.  '


def a_link(wording: str = "person") -> LinkQuestions:
    yes_no = [Choice(value="yes", label="Yes"), Choice(value="no", label="No")]
    return LinkQuestions(
        respondent="person",
        questions=QuestionSet(
            wording=wording,
            introduction="We would like to know how things went.",
            questions=[
                Question(key="listened_to", kind="choice", text="Listened to?", choices=yes_no),
                Question(key="what_would_have_made_it_better", kind="words", text="Better?"),
            ],
        ),
    )


@pytest.mark.parametrize(
    ("code", "sent"),
    [
        ("D1b4rUJAao0q2R5bSqtuYzXuNm_CK8-Uid_sl5zO94M", True),
        ("A" * 32, True),
        ("A" * 31, False),
        ("A" * 129, False),
        ("thank-you", False),
        ("A" * 40 + "..", False),
        ("A" * 40 + "%2F", False),
        ("A" * 40 + "?x", False),
    ],
)
def test_only_what_can_be_a_code_is_ever_sent_to_feedback(code: str, sent: bool) -> None:
    assert looks_like_a_code(code) is sent


def test_their_words_are_sent_exactly_as_typed_and_anonymous_only_when_ticked() -> None:
    typed, answers, anonymous, errors = their_answers(
        {"listened_to": "no", "what_would_have_made_it_better": WORDS, "anonymous": "yes"},
        a_link(),
    )

    assert not errors
    assert answers == {"listened_to": "no", "what_would_have_made_it_better": WORDS}
    assert anonymous
    assert typed["anonymous"] == "yes"
    assert their_answers({"listened_to": "no", "anonymous": "on"}, a_link())[2] is False


def test_nothing_answered_names_the_first_question_in_their_words() -> None:
    typed, answers, _anonymous, errors = their_answers({"anonymous": "yes"}, a_link())
    _, _, _, easy = their_answers({}, a_link("easy_read"))

    assert answers == {}
    assert typed["anonymous"] == "yes"  # kept for the page shown again
    assert errors.summary() == [
        {
            "text": "Answer at least one question, or tell us you do not want to answer",
            "href": "#listened_to",
        }
    ]
    assert easy.of("listened_to") == {
        "text": "Please answer at least 1 question. Or tell us you do not want to answer"
    }


def test_too_many_words_and_an_unknown_choice_are_errors_on_their_fields() -> None:
    typed, answers, _anonymous, errors = their_answers(
        {"listened_to": "maybe", "what_would_have_made_it_better": "x" * 4001}, a_link()
    )

    assert answers == {}
    assert typed["what_would_have_made_it_better"] == "x" * 4001
    assert errors.of("listened_to") == {"text": "Choose one of the answers"}
    assert errors.of("what_would_have_made_it_better") == {
        "text": "What you wrote is too long. Use 4,000 characters or fewer"
    }


def test_cookie_less_posts_are_protected_on_sign_in_and_under_the_feedback_link_only() -> None:
    protected = ProtectedPaths(exact=frozenset({"/sign-in"}), prefixes=("/feedback/",))

    assert "/sign-in" in protected
    assert "/feedback/D1b4rUJAao0q2R5bSqtuYzXuNm_CK8" in protected
    assert "/feedback/D1b4rUJAao0q2R5bSqtuYzXuNm_CK8/no" in protected
    assert "/sign-in/else" not in protected
    assert "/feedback-requests/1/answers" not in protected
    assert None not in protected
