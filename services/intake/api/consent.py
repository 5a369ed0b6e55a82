"""Consent decisions per recipient agency and purpose: recorded, withdrawn, and queried."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Query, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.intake.api.common import (
    ERRORS,
    READ_ERRORS,
    Changed,
    ExpectedVersion,
    apply_step,
    runtime,
    with_example,
)
from services.intake.api.visibility import visible_state
from services.intake.commands.record_view import record_view
from services.intake.domain.consent import (
    ConsentState,
    consent_in_force,
    record_consent,
    withdraw_consent,
)
from services.intake.domain.state import ConsentEntry
from shared.auth import CurrentActor
from shared.codes import ConsentDecidedBy, ConsentDecision
from shared.sharing import InformationKind, Purpose

router = APIRouter(tags=["consent"])
Slug = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]


class RecordConsent(BaseModel):
    model_config = with_example(
        {
            "expected_version": 6,
            "recipient_agency_id": "police",
            "purpose": "safeguarding_enquiry",
            "decision": "given",
            "decided_by": "the person",
            "capacity_to_consent": True,
            "information_kinds": ["contact_details", "allegation"],
            "valid_until": "2027-05-01",
        }
    )

    expected_version: ExpectedVersion
    consent_id: UUID = Field(default_factory=uuid4, description="optional: a client-chosen id")
    recipient_agency_id: Slug
    purpose: Purpose = Field(description="what the information is for (shared.sharing.Purpose)")
    decision: ConsentDecision = Field(description="given or refused (withdraw separately)")
    decided_by: ConsentDecidedBy
    capacity_to_consent: bool = Field(description="whether the person has capacity to consent")
    information_kinds: list[InformationKind] = Field(
        default_factory=list, max_length=20, description="what may be shared; empty when refused"
    )
    valid_until: date | None = None
    decided_at: AwareDatetime | None = Field(None, description="when it took effect; default now")


@router.post(
    "/enquiries/{enquiry_id}/consents",
    summary="Record a consent decision for one agency and purpose",
    responses=ERRORS,
)
async def post_consent(
    request: Request, enquiry_id: UUID, command: RecordConsent, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=record_consent,
        **command.model_dump(exclude={"expected_version"}),
    )


class WithdrawConsent(BaseModel):
    model_config = with_example(
        {
            "expected_version": 8,
            "recipient_agency_id": "police",
            "purpose": "safeguarding_enquiry",
            "decided_by": "the person",
            "reason": "I don't want the police told any more.",
        }
    )

    expected_version: ExpectedVersion
    recipient_agency_id: Slug
    purpose: Purpose = Field(description="what the information is for (shared.sharing.Purpose)")
    decided_by: ConsentDecidedBy
    reason: str | None = Field(None, max_length=2_000)
    withdrawn_at: AwareDatetime | None = Field(None, description="default now")


@router.post(
    "/enquiries/{enquiry_id}/consents/withdrawal",
    summary="Withdraw the consent in force for one agency and purpose",
    responses=ERRORS,
)
async def post_withdrawal(
    request: Request, enquiry_id: UUID, command: WithdrawConsent, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=withdraw_consent,
        **command.model_dump(exclude={"expected_version"}),
    )


class ConsentLedger(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "at": "2026-11-20T12:00:00Z",
                    "in_force": [
                        {
                            "recipient_agency_id": "police",
                            "purpose": "safeguarding_enquiry",
                            "status": "given",
                            "since": "2026-11-04T09:00:00Z",
                            "information_kinds": ["allegation"],
                            "valid_until": None,
                            "decided_by": "the person",
                            "consent_id": "a3c1d1f0-7a55-4c43-8e8f-6b1b2c3d4e5f",
                        }
                    ],
                    "history": [],
                }
            ]
        }
    )

    at: datetime = Field(description="the moment `in_force` describes")
    in_force: list[ConsentState]
    history: list[ConsentEntry] = Field(description="every decision, oldest first")


@router.get(
    "/enquiries/{enquiry_id}/consents",
    summary="The consent ledger, and the decisions in force at a moment (default now)",
    responses=READ_ERRORS,
)
async def get_consents(
    request: Request,
    enquiry_id: UUID,
    actor: CurrentActor,
    at: Annotated[AwareDatetime | None, Query(description="a moment, with its time zone")] = None,
) -> ConsentLedger:
    state = await visible_state(request, actor, enquiry_id)
    await record_view(
        runtime(request),
        enquiry_id=enquiry_id,
        actor=actor,
        view="consents",
        correlation_id=request.state.correlation_id,
    )
    moment = at or runtime(request).clock.now()
    history = sorted(state.consent_ledger, key=lambda e: e.effective_at)
    return ConsentLedger(at=moment, in_force=consent_in_force(history, moment), history=history)
