"""The lead: moved within the agency at once, to another agency when it accepts."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.intake.api.common import (
    ERRORS,
    Changed,
    ExpectedVersion,
    apply,
    apply_step,
    with_example,
)
from services.intake.commands.change_enquiry import Acting
from services.intake.domain import lead
from services.intake.domain.state import EnquiryState
from shared.auth import CurrentActor
from shared.events import DomainEvent

router = APIRouter(tags=["lead"])


class TransferLead(BaseModel):
    model_config = with_example(
        {
            "expected_version": 5,
            "to_agency_id": "police",
            "reason": "A crime may have been committed; police will lead.",
        }
    )

    expected_version: ExpectedVersion
    to_agency_id: str = Field(min_length=1, max_length=100)
    to_practitioner_id: str | None = Field(
        None, min_length=1, max_length=100, description="within your agency only"
    )
    reason: str = Field(min_length=1, max_length=2_000)


@router.post(
    "/enquiries/{enquiry_id}/lead-transfer",
    summary="Move the lead to a colleague, or ask another agency to take it",
    responses=ERRORS,
)
async def post_transfer(
    request: Request, enquiry_id: UUID, command: TransferLead, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=lead.transfer_lead,
        to_agency_id=command.to_agency_id,
        to_practitioner_id=command.to_practitioner_id,
        reason=command.reason,
    )


class Answer(BaseModel):
    model_config = with_example({"expected_version": 6})

    expected_version: ExpectedVersion


@router.post(
    "/enquiries/{enquiry_id}/lead-transfer/acceptance",
    summary="Accept the lead for your agency (you become the lead practitioner)",
    responses=ERRORS,
)
async def post_acceptance(
    request: Request, enquiry_id: UUID, command: Answer, actor: CurrentActor
) -> Changed:
    def decide(state: EnquiryState) -> list[DomainEvent]:
        return lead.accept_transfer(state, actor=actor)

    return await apply(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        decide=decide,
        acting=Acting.AS_TRANSFER_TARGET,
    )


class Refuse(BaseModel):
    model_config = with_example({"expected_version": 6, "reason": "Not a police matter."})

    expected_version: ExpectedVersion
    reason: str = Field(min_length=1, max_length=2_000)


@router.post(
    "/enquiries/{enquiry_id}/lead-transfer/refusal",
    summary="Decline the lead for your agency",
    responses=ERRORS,
)
async def post_refusal(
    request: Request, enquiry_id: UUID, command: Refuse, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=lead.decline_transfer,
        reason=command.reason,
        acting=Acting.AS_TRANSFER_TARGET,
    )
