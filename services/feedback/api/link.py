"""The person's routes, reached through a single-use link: no service token, because the
token in the link is the only key. They reveal nothing: every unusable link gets one answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel

from services.feedback.api.models import LinkAnswers, Recorded
from services.feedback.api.questions import QuestionSet, question_set
from services.feedback.commands.use_link import (
    answer_through_link,
    open_link,
    refuse_through_link,
)
from services.feedback.questions import Wording
from services.feedback.rate_limit import AttemptLimiter
from shared.contracts.feedback import Respondent
from shared.runtime import runtime_of

GONE: dict[int | str, dict[str, Any]] = {
    410: {"description": "Used, expired or unknown: one plain answer for all"},
    429: {"description": "Too many tries from this address"},
}


async def _limited(request: Request) -> None:
    # async: a plain `def` dependency runs in a worker thread, and several threads would then
    # update the limiter's counts at once; on the event loop each check runs whole.
    state = request.app.state
    if not hasattr(state, "feedback_link_limiter"):
        runtime = runtime_of(request.app)
        per_minute = runtime.settings.feedback_link_attempts_per_minute
        state.feedback_link_limiter = AttemptLimiter(per_minute, runtime.clock)
    limiter: AttemptLimiter = state.feedback_link_limiter
    limiter.check(request)


router = APIRouter(tags=["single-use link"], dependencies=[Depends(_limited)])


class LinkForm(BaseModel):
    respondent: Respondent
    questions: QuestionSet


@router.get(
    "/feedback/link/{token}", summary="What the link asks, in the right wording", responses=GONE
)
async def get_link(request: Request, token: str) -> LinkForm:
    link = await open_link(runtime_of(request.app), token)
    if link.request.easy_read and link.respondent is Respondent.PERSON:
        wording = Wording.EASY_READ
    else:
        wording = Wording(link.respondent.value)
    return LinkForm(respondent=link.respondent, questions=question_set(wording))


@router.post(
    "/feedback/link/{token}/answers",
    status_code=status.HTTP_201_CREATED,
    summary="Answer through the link (once)",
    responses=GONE,
)
async def post_link_answers(request: Request, token: str, command: LinkAnswers) -> Recorded:
    await answer_through_link(
        runtime_of(request.app),
        token,
        answers=command.answers,
        anonymous=command.anonymous,
        easy_read=command.easy_read,
        correlation_id=request.state.correlation_id,
    )
    return Recorded(detail="Thank you. Your answers have been sent.")


@router.post(
    "/feedback/link/{token}/refusal",
    status_code=status.HTTP_201_CREATED,
    summary="I do not want to give feedback (once)",
    responses=GONE,
)
async def post_link_refusal(request: Request, token: str) -> Recorded:
    await refuse_through_link(
        runtime_of(request.app), token, correlation_id=request.state.correlation_id
    )
    return Recorded(detail="Thank you for telling us. We will not ask you again.")
