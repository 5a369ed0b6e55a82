"""The section 42 decision, by a manager."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel

from services.intake.api.common import (
    ERRORS,
    Changed,
    ExpectedVersion,
    apply_step,
    with_example,
)
from services.intake.domain.section42 import decide_section_42
from shared.auth import CurrentActor
from shared.codes import NoEnquiryRouting, Section42Result
from shared.contracts.intake import Section42Test

router = APIRouter(tags=["section 42"])


class DecideSection42(BaseModel):
    model_config = with_example(
        {
            "expected_version": 3,
            "needs_care_and_support": {"met": True, "reason": "Sight loss; daily support."},
            "experiencing_or_at_risk_of_abuse": {
                "met": True,
                "reason": "Repeated requests for money.",
            },
            "unable_to_protect_themselves": {
                "met": True,
                "reason": "She feels she cannot say no to him.",
            },
            "result": "Section 42 enquiry",
        }
    )

    expected_version: ExpectedVersion
    needs_care_and_support: Section42Test
    experiencing_or_at_risk_of_abuse: Section42Test
    unable_to_protect_themselves: Section42Test
    result: Section42Result
    routing: NoEnquiryRouting | None = None


@router.post(
    "/enquiries/{enquiry_id}/section-42-decision",
    summary="Decide whether the concern leads to a section 42 enquiry (managers)",
    responses=ERRORS,
)
async def post_section_42(
    request: Request, enquiry_id: UUID, command: DecideSection42, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=decide_section_42,
        needs_care_and_support=command.needs_care_and_support,
        experiencing_or_at_risk_of_abuse=command.experiencing_or_at_risk_of_abuse,
        unable_to_protect_themselves=command.unable_to_protect_themselves,
        result=command.result,
        routing=command.routing,
    )
