"""Lines of risk, from the national lists, and what each risk assessment concluded."""

from __future__ import annotations

from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.intake.api.common import (
    ERRORS,
    Changed,
    ExpectedVersion,
    apply,
    changed,
    runtime,
    with_example,
)
from services.intake.commands.identify_risk import record_risk
from services.intake.domain.concern import conclude_risk
from services.intake.domain.state import EnquiryState
from shared.auth import CurrentActor
from shared.codes import RiskAssessmentOutcome, RiskLocation, RiskOutcome, RiskSource, RiskType
from shared.contracts import intake as ev
from shared.events import DomainEvent

router = APIRouter(tags=["concern and risks"])


class IdentifyRisk(BaseModel):
    model_config = with_example(
        {
            "expected_version": 2,
            "risk_type": "Financial or Material Abuse",
            "location": "Own Home",
            "source": "Other - Known to individual",
        }
    )

    expected_version: ExpectedVersion
    risk_id: UUID = Field(default_factory=uuid4, description="optional: a client-chosen id")
    risk_type: RiskType
    location: RiskLocation
    source: RiskSource


@router.post("/enquiries/{enquiry_id}/risks", summary="Record a line of risk", responses=ERRORS)
async def post_risk(
    request: Request, enquiry_id: UUID, command: IdentifyRisk, actor: CurrentActor
) -> Changed:
    risk = ev.RiskIdentified(
        enquiry_id=enquiry_id,
        risk_id=command.risk_id,
        risk_type=command.risk_type,
        location=command.location,
        source=command.source,
    )

    envelopes = await record_risk(
        runtime(request),
        risk=risk,
        expected_version=command.expected_version,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return changed(enquiry_id, envelopes, command.expected_version)


class ConcludeRisk(BaseModel):
    model_config = with_example(
        {
            "expected_version": 9,
            "assessment_outcome": "Risk identified and action taken",
            "risk_outcome": "Risk reduced",
        }
    )

    expected_version: ExpectedVersion
    assessment_outcome: RiskAssessmentOutcome
    risk_outcome: RiskOutcome | None = Field(None, description="only where a risk was identified")


@router.post(
    "/enquiries/{enquiry_id}/risks/{risk_id}/conclusion",
    summary="Record a risk's assessment outcome and risk outcome",
    responses=ERRORS,
)
async def post_risk_conclusion(
    request: Request, enquiry_id: UUID, risk_id: UUID, command: ConcludeRisk, actor: CurrentActor
) -> Changed:
    def decide(state: EnquiryState) -> list[DomainEvent]:
        return conclude_risk(
            state,
            actor=actor,
            risk_id=risk_id,
            assessment_outcome=command.assessment_outcome,
            risk_outcome=command.risk_outcome,
        )

    return await apply(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        decide=decide,
    )
