"""`GET /feedback/questions`: the questions for the portal to render, in the wording asked for."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from services.feedback.questions import INTRODUCTION, QUESTIONS, Question, Wording

router = APIRouter(tags=["questions"])


class ChoiceView(BaseModel):
    value: str | int
    label: str
    picture: str | None = Field(None, description="easy-read only: the picture's file name")
    alt: str | None = Field(None, description="easy-read only: what the picture shows")


class QuestionView(BaseModel):
    key: str = Field(description="the field of `answers` this question fills")
    kind: str = Field(description="choice, scale (1 to 5) or words (their own words)")
    text: str
    picture: str | None = None
    alt: str | None = None
    choices: list[ChoiceView]


class QuestionSet(BaseModel):
    wording: Wording
    introduction: str
    questions: list[QuestionView]


def question_set(wording: Wording) -> QuestionSet:
    pictures = wording is Wording.EASY_READ
    return QuestionSet(
        wording=wording,
        introduction=INTRODUCTION.in_(wording),
        questions=[_view(q, wording, pictures) for q in QUESTIONS],
    )


def _view(question: Question, wording: Wording, pictures: bool) -> QuestionView:
    return QuestionView(
        key=question.key,
        kind=question.kind,
        text=question.text.in_(wording),
        picture=question.picture if pictures else None,
        alt=question.alt if pictures else None,
        choices=[
            ChoiceView(
                value=c.value,
                label=c.label.in_(wording),
                picture=c.picture if pictures else None,
                alt=c.alt if pictures else None,
            )
            for c in question.choices
        ],
    )


@router.get(
    "/feedback/questions",
    summary="The feedback questions: the person's, the representative's or the easy-read wording",
    response_model=QuestionSet,
)
async def get_questions(wording: Wording = Wording.PERSON) -> QuestionSet:
    return question_set(wording)
