"""Outcomes' HTTP commands. Each one checks scope and version, then asks a pure decision."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, status

from services.outcomes.api import schemas as body
from services.outcomes.commands.change_enquiry import Decision, change_enquiry
from services.outcomes.commands.new_ids import NewId
from services.outcomes.domain import outcome_decisions as outcomes
from services.outcomes.domain import plan_decisions as plans
from services.outcomes.domain.context import Context
from services.outcomes.domain.state import EnquiryOutcomes
from shared.auth import CurrentActor
from shared.contracts import outcomes as facts
from shared.events import DomainEvent
from shared.runtime import runtime_of

router = APIRouter(prefix="/enquiries/{enquiry_id}", tags=["commands"])
ANSWERS: dict[int | str, dict[str, str]] = {
    401: {"description": "No valid service token"},
    404: {"description": "Not an enquiry your agency leads, or no such outcome or action"},
    409: {"description": "The enquiry changed since `expected_version`; the current version"},
    422: {"description": "A field to correct, or the rule the change would break"},
}


async def _change(
    request: Request,
    actor: CurrentActor,
    enquiry_id: UUID,
    command: body.Versioned,
    decide: Decision,
    created: NewId | None = None,
) -> body.Changed:
    envelopes = await change_enquiry(
        runtime_of(request.app),
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        actor=actor,
        correlation_id=request.state.correlation_id,
        decide=decide,
        new_id=created,
    )
    return body.Changed(
        enquiry_id=enquiry_id,
        version=envelopes[-1].version,
        events=[e.event_type for e in envelopes],
        id=created.value if created else None,
    )


@router.put("/asked", summary="Record whether the person was asked", responses=ANSWERS)
async def put_asked(
    request: Request, enquiry_id: UUID, command: body.RecordAsked, actor: CurrentActor
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return outcomes.record_asked(
            state,
            ctx,
            code=command.code,
            asked_by=actor.user_id,
            asked_whom=command.asked_whom,
            asked_on=command.asked_on,
        )

    return await _change(request, actor, enquiry_id, command, decide)


@router.post(
    "/outcomes",
    status_code=status.HTTP_201_CREATED,
    summary="Record a desired outcome",
    responses=ANSWERS,
)
async def post_outcome(
    request: Request, enquiry_id: UUID, command: body.RecordOutcome, actor: CurrentActor
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        recorded = facts.DesiredOutcomeRecorded(
            enquiry_id=enquiry_id,
            outcome_id=command.outcome_id,
            words=command.words,
            expressed_by=command.expressed_by.value,
            kind=command.kind.value,
            why_it_matters=command.why_it_matters,
            rank=command.rank,
            prompt_category=command.prompt_category,
            recorded_at=ctx.now,
        )
        return outcomes.record_outcome(state, ctx, recorded)

    return await _change(
        request, actor, enquiry_id, command, decide, NewId("outcome_id", command.outcome_id)
    )


@router.post(
    "/outcomes/{outcome_id}/revisions", summary="Change an outcome's words", responses=ANSWERS
)
async def post_revision(
    request: Request,
    enquiry_id: UUID,
    outcome_id: UUID,
    command: body.ReviseOutcome,
    actor: CurrentActor,
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return outcomes.revise(
            state,
            ctx,
            outcome_id=outcome_id,
            words=command.words,
            reason=command.reason,
            agreed_by=command.agreed_by,
            rank=command.rank,
        )

    return await _change(request, actor, enquiry_id, command, decide)


@router.post("/outcomes/{outcome_id}/withdrawal", summary="Withdraw an outcome", responses=ANSWERS)
async def post_withdrawal(
    request: Request,
    enquiry_id: UUID,
    outcome_id: UUID,
    command: body.WithdrawOutcome,
    actor: CurrentActor,
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return outcomes.withdraw(state, ctx, outcome_id=outcome_id, reason=command.reason)

    return await _change(request, actor, enquiry_id, command, decide)


@router.post(
    "/outcomes/{outcome_id}/not-achievable",
    summary="Mark an outcome not achievable",
    responses=ANSWERS,
)
async def post_not_achievable(
    request: Request,
    enquiry_id: UUID,
    outcome_id: UUID,
    command: body.MarkNotAchievable,
    actor: CurrentActor,
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return outcomes.mark_not_achievable(
            state,
            ctx,
            outcome_id=outcome_id,
            explanation=command.explanation,
            persons_response=command.persons_response,
        )

    return await _change(request, actor, enquiry_id, command, decide)


@router.post(
    "/outcomes/{outcome_id}/assessment", summary="Record the final assessment", responses=ANSWERS
)
async def post_assessment(
    request: Request,
    enquiry_id: UUID,
    outcome_id: UUID,
    command: body.AssessOutcome,
    actor: CurrentActor,
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return outcomes.assess(
            state,
            ctx,
            outcome_id=outcome_id,
            achievement=command.achievement,
            persons_view=command.persons_view,
            person_agrees=command.person_agrees,
        )

    return await _change(request, actor, enquiry_id, command, decide)


@router.put("/review-schedule", summary="Set when the next review is due", responses=ANSWERS)
async def put_review_schedule(
    request: Request, enquiry_id: UUID, command: body.ScheduleReview, actor: CurrentActor
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return plans.schedule_review(state, ctx, due_on=command.due_on, reason=command.reason)

    return await _change(request, actor, enquiry_id, command, decide)


@router.post(
    "/reviews",
    status_code=status.HTTP_201_CREATED,
    summary="Record a review held",
    responses=ANSWERS,
)
async def post_review(
    request: Request, enquiry_id: UUID, command: body.HoldReview, actor: CurrentActor
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return plans.hold_review(
            state,
            ctx,
            review_id=command.review_id,
            held_on=command.held_on,
            attendees=command.attendees,
            person_attended=command.person_attended,
            advocate_attended=command.advocate_attended,
            persons_view=command.persons_view,
            progress=command.progress,
            next_due_on=command.next_due_on,
        )

    return await _change(
        request, actor, enquiry_id, command, decide, NewId("review_id", command.review_id)
    )


@router.post(
    "/actions",
    status_code=status.HTTP_201_CREATED,
    summary="Agree an action",
    responses=ANSWERS,
)
async def post_action(
    request: Request, enquiry_id: UUID, command: body.AgreeAction, actor: CurrentActor
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        agreed = facts.ActionAgreed(
            enquiry_id=enquiry_id,
            action_id=command.action_id,
            outcome_id=command.outcome_id,
            what=command.what,
            owner=command.owner,
            owner_agency_id=command.owner_agency_id,
            due_on=command.due_on,
            report_back=command.report_back,
            agreed_at=ctx.now,
        )
        return plans.agree_action(state, ctx, agreed)

    return await _change(
        request, actor, enquiry_id, command, decide, NewId("action_id", command.action_id)
    )


@router.put("/actions/{action_id}/due-date", summary="Move an action's date", responses=ANSWERS)
async def put_action_due_date(
    request: Request,
    enquiry_id: UUID,
    action_id: UUID,
    command: body.RescheduleAction,
    actor: CurrentActor,
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return plans.reschedule_action(
            state, ctx, action_id=action_id, due_on=command.due_on, reason=command.reason
        )

    return await _change(request, actor, enquiry_id, command, decide)


@router.post("/actions/{action_id}/completion", summary="Mark an action done", responses=ANSWERS)
async def post_action_completion(
    request: Request,
    enquiry_id: UUID,
    action_id: UUID,
    command: body.CompleteAction,
    actor: CurrentActor,
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return plans.complete_action(state, ctx, action_id=action_id)

    return await _change(request, actor, enquiry_id, command, decide)


@router.post("/actions/{action_id}/cancellation", summary="Cancel an action", responses=ANSWERS)
async def post_action_cancellation(
    request: Request,
    enquiry_id: UUID,
    action_id: UUID,
    command: body.CancelAction,
    actor: CurrentActor,
) -> body.Changed:
    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        return plans.cancel_action(state, ctx, action_id=action_id, reason=command.reason)

    return await _change(request, actor, enquiry_id, command, decide)
