"""Practitioners' routes: requests of their own agency, answers from a conversation, links,
refusals and anonymous answers. Another agency's request answers 404."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, status

from services.feedback import queries
from services.feedback.api.models import (
    AnonymousRecorded,
    AnswersView,
    HowToAsk,
    IssueLink,
    LinkIssued,
    RecordAnonymous,
    RecordAnswers,
    Recorded,
    RecordRefusal,
    RequestPage,
    RequestRecord,
    RequestSummary,
    RequestViewed,
)
from services.feedback.commands.amend_request import amend_request
from services.feedback.commands.issue_link import issue_link
from services.feedback.commands.record_anonymous_feedback import record_anonymous_feedback
from services.feedback.commands.record_answers import record_answers
from services.feedback.commands.refuse import refuse
from services.feedback.commands.view_request import view_request
from services.feedback.domain.decisions import Answering
from services.feedback.domain.errors import NothingAnswered
from services.feedback.domain.state import Status
from shared.auth import CurrentActor
from shared.contracts.feedback import Channel
from shared.runtime import runtime_of

router = APIRouter(tags=["feedback requests"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found, or another agency's"}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "The request is no longer open, or changed meanwhile"}
}


@router.get("/feedback-requests", summary="Your agency's feedback requests, soonest due first")
async def list_requests(
    request: Request,
    actor: CurrentActor,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    enquiry_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> RequestPage:
    rows = await queries.requests_of_agency(
        runtime_of(request.app).db,
        actor.agency_id,
        status=status_.value if status_ else None,
        enquiry_id=enquiry_id,
        limit=limit,
        offset=offset,
    )
    return RequestPage(
        items=[RequestSummary.model_validate(r) for r in rows], limit=limit, offset=offset
    )


@router.get(
    "/feedback-requests/{request_id}",
    summary="One request with its answers (the view is recorded)",
    responses=NOT_FOUND,
)
async def get_request(request: Request, request_id: UUID, actor: CurrentActor) -> RequestRecord:
    row, answers = await view_request(
        runtime_of(request.app),
        request_id=request_id,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return RequestRecord.model_validate(
        {**row, "answers": [AnswersView.of_row(a) for a in answers]}
    )


@router.get(
    "/feedback-requests/{request_id}/views",
    summary="Who viewed the request, and when, oldest first (the access log; not itself recorded)",
    responses=NOT_FOUND,
)
async def get_views(request: Request, request_id: UUID, actor: CurrentActor) -> list[RequestViewed]:
    db = runtime_of(request.app).db
    await queries.request_of_agency(db, request_id, actor.agency_id)
    return [RequestViewed.model_validate(row) for row in await queries.views_of(db, request_id)]


@router.put(
    "/feedback-requests/{request_id}/how-to-ask",
    summary="Change whom to ask (person, representative, both) and how",
    responses={**NOT_FOUND, **CONFLICT},
)
async def put_how_to_ask(
    request: Request, request_id: UUID, command: HowToAsk, actor: CurrentActor
) -> RequestSummary:
    runtime = runtime_of(request.app)
    await amend_request(
        runtime,
        request_id=request_id,
        addressee=command.addressee,
        way_to_ask=command.way_to_ask,
        easy_read=command.easy_read,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    row = await queries.request_of_agency(runtime.db, request_id, actor.agency_id)
    return RequestSummary.model_validate(row)


@router.post(
    "/feedback-requests/{request_id}/links",
    status_code=status.HTTP_201_CREATED,
    summary="Make a single-use link for the person or the representative",
    responses={**NOT_FOUND, **CONFLICT},
)
async def post_link(
    request: Request, request_id: UUID, command: IssueLink, actor: CurrentActor
) -> LinkIssued:
    token, issued = await issue_link(
        runtime_of(request.app),
        request_id=request_id,
        respondent=command.respondent,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return LinkIssued(token=token, respondent=issued.respondent, expires_at=issued.expires_at)


@router.post(
    "/feedback-requests/{request_id}/answers",
    status_code=status.HTTP_201_CREATED,
    summary="Record the answers given in a conversation",
    responses={**NOT_FOUND, **CONFLICT},
)
async def post_answers(
    request: Request, request_id: UUID, command: RecordAnswers, actor: CurrentActor
) -> Recorded:
    runtime = runtime_of(request.app)
    row = await queries.request_of_agency(runtime.db, request_id, actor.agency_id)
    answering = Answering(
        enquiry_id=row["enquiry_id"],
        request_id=request_id,
        respondent=command.respondent,
        answers=command.answers,
        channel=Channel.CONVERSATION,
        recorded_by=actor.user_id,
        why_the_lead_asked=command.why_the_lead_asked,
        easy_read=command.easy_read,
    )
    await record_answers(
        runtime, answering, actor=actor, correlation_id=request.state.correlation_id
    )
    return Recorded(detail="The answers are recorded.")


@router.post(
    "/feedback-requests/{request_id}/refusal",
    status_code=status.HTTP_201_CREATED,
    summary="Record that they do not want to give feedback (they are not asked again)",
    responses=NOT_FOUND,
)
async def post_refusal(
    request: Request, request_id: UUID, command: RecordRefusal, actor: CurrentActor
) -> Recorded:
    runtime = runtime_of(request.app)
    row = await queries.request_of_agency(runtime.db, request_id, actor.agency_id)
    await refuse(
        runtime,
        enquiry_id=row["enquiry_id"],
        request_id=request_id,
        refused_by=command.refused_by,
        channel=Channel.CONVERSATION,
        recorded_by=actor.user_id,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return Recorded(detail="Recorded: they will not be asked for feedback again.")


@router.post(
    "/feedback/anonymous",
    status_code=status.HTTP_201_CREATED,
    summary="Record anonymous answers: kept with your agency and the month only",
)
async def post_anonymous(
    request: Request, command: RecordAnonymous, actor: CurrentActor
) -> AnonymousRecorded:
    if command.answers.is_empty():
        raise NothingAnswered
    feedback_id = await record_anonymous_feedback(
        runtime_of(request.app),
        respondent=command.respondent,
        answers=command.answers,
        easy_read=command.easy_read,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return AnonymousRecorded(feedback_id=feedback_id)
