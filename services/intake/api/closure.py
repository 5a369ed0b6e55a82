"""Closure, signed off by a manager other than the lead, and reopening with a reason."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.intake.api.common import (
    ERRORS,
    Changed,
    ExpectedVersion,
    apply_step,
    changed,
    runtime,
    with_example,
)
from services.intake.commands.close_enquiry import close_enquiry
from services.intake.domain.closure import propose, reopen
from shared.auth import CurrentActor
from shared.codes import ClosureReason

router = APIRouter(tags=["closure"])


class Close(BaseModel):
    model_config = with_example(
        {"expected_version": 12, "closure_reason": "Outcomes met or the risk managed"}
    )

    expected_version: ExpectedVersion
    closure_reason: ClosureReason


@router.post(
    "/enquiries/{enquiry_id}/closure",
    summary="Close the enquiry (a manager other than the lead signs it off)",
    responses={
        **ERRORS,
        409: {
            "description": "A closure rule is not met (the message and field name it: desired "
            "outcomes without a final assessment, risks without outcomes, no section 42 "
            "decision, a transfer waiting), the enquiry is closed, or the version is stale"
        },
    },
)
async def post_closure(
    request: Request, enquiry_id: UUID, command: Close, actor: CurrentActor
) -> Changed:
    envelopes = await close_enquiry(
        runtime(request),
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        actor=actor,
        correlation_id=request.state.correlation_id,
        reason=command.closure_reason,
    )
    return changed(enquiry_id, envelopes, command.expected_version)


class ProposeClosure(BaseModel):
    model_config = with_example(
        {"expected_version": 11, "closure_reason": "Outcomes met or the risk managed"}
    )

    expected_version: ExpectedVersion
    closure_reason: ClosureReason


@router.post(
    "/enquiries/{enquiry_id}/closure-proposal",
    summary="Propose closing the enquiry, with the reason, for a manager to sign off",
    responses=ERRORS,
)
async def post_closure_proposal(
    request: Request, enquiry_id: UUID, command: ProposeClosure, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=propose,
        reason=command.closure_reason,
    )


class Reopen(BaseModel):
    model_config = with_example(
        {"expected_version": 13, "reason": "A new concern about the same neighbour."}
    )

    expected_version: ExpectedVersion
    reason: str = Field(min_length=1, max_length=2_000)


@router.post(
    "/enquiries/{enquiry_id}/reopening",
    summary="Reopen a closed enquiry, with a reason",
    responses=ERRORS,
)
async def post_reopening(
    request: Request, enquiry_id: UUID, command: Reopen, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=reopen,
        reason=command.reason,
    )
