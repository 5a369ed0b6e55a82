"""Capacity assessments, and the enquiry's timescales paused and resumed."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.intake.api.common import (
    ERRORS,
    Changed,
    ExpectedVersion,
    apply,
    apply_step,
    runtime,
    with_example,
)
from services.intake.domain.capacity import assess_capacity, pause_timescales, resume_timescales
from services.intake.domain.state import EnquiryState
from shared.auth import CurrentActor
from shared.codes import CapacityOutcome
from shared.contracts.intake import CapacityAssessed
from shared.events import DomainEvent

router = APIRouter(tags=["capacity"])


class AssessCapacity(BaseModel):
    model_config = with_example(
        {
            "expected_version": 4,
            "decision": "Whether to take part in the safeguarding enquiry",
            "outcome": "Yes, they lacked capacity",
            "assessor": "Dr A. Patel, ward psychiatrist",
            "assessed_on": "2026-11-03",
            "fluctuates": True,
        }
    )

    expected_version: ExpectedVersion
    assessment_id: UUID = Field(default_factory=uuid4, description="optional: client-chosen id")
    decision: str = Field(min_length=1, max_length=500, description="the decision in question")
    outcome: CapacityOutcome
    assessor: str = Field(min_length=1, max_length=200)
    assessed_on: date
    fluctuates: bool = False


@router.post(
    "/enquiries/{enquiry_id}/capacity-assessments",
    summary="Record a decision-specific capacity assessment",
    responses=ERRORS,
)
async def post_capacity(
    request: Request, enquiry_id: UUID, command: AssessCapacity, actor: CurrentActor
) -> Changed:
    now = runtime(request).clock.now()
    assessment = CapacityAssessed(
        enquiry_id=enquiry_id,
        **command.model_dump(exclude={"expected_version"}),
    )

    def decide(state: EnquiryState) -> list[DomainEvent]:
        return assess_capacity(state, actor=actor, now=now, assessment=assessment)

    return await apply(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        decide=decide,
    )


class WithReason(BaseModel):
    model_config = with_example(
        {"expected_version": 5, "reason": "Mrs T is unwell; waiting for her to recover."}
    )

    expected_version: ExpectedVersion
    reason: str = Field(min_length=1, max_length=2_000)


@router.post(
    "/enquiries/{enquiry_id}/timescales/pause",
    summary="Pause the enquiry's timescales, with a reason",
    responses=ERRORS,
)
async def post_pause(
    request: Request, enquiry_id: UUID, command: WithReason, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=pause_timescales,
        reason=command.reason,
    )


@router.post(
    "/enquiries/{enquiry_id}/timescales/resume",
    summary="Resume the enquiry's timescales, with a reason",
    responses=ERRORS,
)
async def post_resume(
    request: Request, enquiry_id: UUID, command: WithReason, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=resume_timescales,
        reason=command.reason,
    )
