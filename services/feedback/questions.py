"""The feedback questions in three wordings: the person's, the representative's, easy-read.

Easy-read follows the usual guidance: one idea per short sentence, everyday words, a picture
beside each question and each choice (the portal holds the pictures; `picture` names the file
and `alt` describes it for screen readers). Question keys are the fields of `Answers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Wording(StrEnum):
    PERSON = "person"
    REPRESENTATIVE = "representative"
    EASY_READ = "easy_read"


@dataclass(frozen=True)
class Text:
    person: str
    representative: str
    easy_read: str

    def in_(self, wording: Wording) -> str:
        return str(getattr(self, wording.value))


@dataclass(frozen=True)
class Choice:
    value: str | int
    label: Text
    picture: str
    alt: str


@dataclass(frozen=True)
class Question:
    key: str
    kind: str  # choice | scale | words
    text: Text
    picture: str
    alt: str
    choices: tuple[Choice, ...] = ()


def _same(text: str) -> Text:
    return Text(text, text, text)


YES = Choice("yes", Text("Yes", "Yes", "Yes"), "yes.svg", "A green tick")
NO = Choice("no", Text("No", "No", "No"), "no.svg", "A red cross")
NOT_SURE = Choice(
    "not_sure", Text("Not sure", "Not sure", "I am not sure"), "not-sure.svg", "A question mark"
)
YES_NO_NOT_SURE = (YES, NO, NOT_SURE)

INTRODUCTION = Text(
    person="We would like to know how things went for you. Your answers help us do better. "
    "You can skip any question. You can stop at any time.",
    representative="We would like to know how things went for the person you support, and for "
    "you. Your answers help us do better. You can skip any question.",
    easy_read="We want to know how things went for you. "
    "Your answers help us get better. "
    "You do not have to answer every question. "
    "You can stop at any time.",
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        "asked_what_they_wanted",
        "choice",
        Text(
            person="Were you asked what you wanted to happen?",
            representative="Was the person asked what they wanted to happen?",
            easy_read="Did we ask you what you wanted to happen?",
        ),
        "asking.svg",
        "A worker listening to a person who is talking",
        YES_NO_NOT_SURE,
    ),
    Question(
        "did_it_happen",
        "choice",
        Text(
            person="Did what you wanted to happen, happen?",
            representative="Did what the person wanted to happen, happen?",
            easy_read="Did the things you wanted happen?",
        ),
        "goal.svg",
        "A person ticking a list",
        (
            Choice("fully", _same("Yes, fully"), "all.svg", "A full circle"),
            Choice(
                "partially",
                Text("Partly", "Partly", "Some of them happened"),
                "some.svg",
                "A half-full circle",
            ),
            Choice(
                "not",
                Text("No", "No", "No, they did not happen"),
                "none.svg",
                "An empty circle",
            ),
        ),
    ),
    Question(
        "listened_to",
        "choice",
        Text(
            person="Did you feel listened to?",
            representative="Do you feel the person was listened to?",
            easy_read="Did we listen to you?",
        ),
        "listening.svg",
        "A person with a hand behind their ear",
        YES_NO_NOT_SURE,
    ),
    Question(
        "involved_in_decisions",
        "choice",
        Text(
            person="Were you involved in the decisions that were made?",
            representative="Was the person involved in the decisions that were made?",
            easy_read="Did you help make the choices about you?",
        ),
        "deciding.svg",
        "Two people sitting at a table making a plan together",
        YES_NO_NOT_SURE,
    ),
    Question(
        "feel_safer",
        "choice",
        Text(
            person="Do you feel safer now?",
            representative="Do you think the person feels safer now?",
            easy_read="Do you feel safer now?",
        ),
        "safe.svg",
        "A person standing under a roof, sheltered from the rain",
        YES_NO_NOT_SURE,
    ),
    Question(
        "satisfaction",
        "scale",
        Text(
            person="Overall, how happy are you with the help you had?",
            representative="Overall, how happy are you with the help the person had?",
            easy_read="How happy are you with the help you got?",
        ),
        "scale.svg",
        "Five faces from very sad to very happy",
        (
            Choice(1, _same("Very unhappy"), "face-1.svg", "A very sad face"),
            Choice(2, _same("Unhappy"), "face-2.svg", "A sad face"),
            Choice(3, _same("Neither happy nor unhappy"), "face-3.svg", "A face with a flat mouth"),
            Choice(4, _same("Happy"), "face-4.svg", "A smiling face"),
            Choice(5, _same("Very happy"), "face-5.svg", "A big smiling face"),
        ),
    ),
    Question(
        "what_would_have_made_it_better",
        "words",
        Text(
            person="What would have made things better for you? Please use your own words.",
            representative="What would have made things better for the person, or for you? "
            "Please use your own words.",
            easy_read="What could we have done better? "
            "You can tell us in your own words. "
            "Someone can write it down for you.",
        ),
        "speech.svg",
        "A person talking, with a speech bubble",
    ),
)
