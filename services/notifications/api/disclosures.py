"""Disclosures: request, override, approve, deliver — the only way personal data leaves the
lead agency."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from services.notifications.commands import disclose
from services.notifications.commands.reads import load_disclosure
from services.notifications.domain.disclosure import Disclosure
from services.notifications.domain.errors import SharingRefused
from services.notifications.tables import disclosures
from shared.auth import CurrentActor
from shared.runtime import runtime_of
from shared.sharing import PURPOSE_NEEDS, InformationKind, OverrideGround, Purpose

router = APIRouter(tags=["disclosures"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid service token"},
    403: {
        "description": "Sharing was blocked (`detail` says which consent is missing), or "
        "your role may not do this"
    },
    404: {"description": "No such enquiry or disclosure, or another agency leads it"},
    409: {"description": "The disclosure is at a stage that refuses this"},
    422: {"description": "A field needs correcting"},
}


class DisclosureAsked(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "recipient_agency_id": "police",
                    "purpose": "criminal_investigation",
                    "kinds": ["identity", "allegation"],
                }
            ]
        },
    )

    disclosure_id: UUID = Field(
        default_factory=uuid.uuid4, description="choose it to make a retried request harmless"
    )
    recipient_agency_id: str = Field(min_length=1, max_length=100)
    purpose: Purpose
    kinds: list[InformationKind] = Field(min_length=1, description="kinds of information asked for")


class OverrideAsked(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ground: OverrideGround
    narrative: str = Field(min_length=1, max_length=10_000, description="why, in full")
    person_told: str | None = Field(None, max_length=2_000, description="how and when")
    why_not_told: str | None = Field(
        None, max_length=2_000, description="why telling them would increase the risk"
    )


class DisclosureView(BaseModel):
    disclosure_id: UUID
    enquiry_id: UUID
    recipient_agency_id: str
    purpose: Purpose
    kinds: list[InformationKind]
    stage: str
    reason: str | None = None


class PurposeNeeds(BaseModel):
    purpose: Purpose
    label: str
    needs: list[InformationKind]


async def _view(request: Request, state: Disclosure) -> DisclosureView:
    query = select(disclosures.c.reason).where(disclosures.c.disclosure_id == state.disclosure_id)
    async with runtime_of(request.app).db.read() as conn:
        reason = await conn.scalar(query)
    return DisclosureView(
        disclosure_id=state.disclosure_id,
        enquiry_id=state.enquiry_id,
        recipient_agency_id=state.recipient_agency_id,
        purpose=state.purpose,
        kinds=sorted(state.kinds),
        stage=state.stage.value,
        reason=reason,
    )


def _refused(error: SharingRefused) -> JSONResponse:
    return JSONResponse(
        {"detail": str(error), "disclosure_id": error.disclosure_id, "stage": "blocked"},
        status_code=status.HTTP_403_FORBIDDEN,
    )


@router.get(
    "/sharing/purposes", summary="What each purpose needs", response_model=list[PurposeNeeds]
)
async def purposes(_actor: CurrentActor) -> list[PurposeNeeds]:
    return [PurposeNeeds(purpose=p, label=p.label, needs=sorted(PURPOSE_NEEDS[p])) for p in Purpose]


@router.post(
    "/enquiries/{enquiry_id}/disclosures",
    summary="Ask to share information with another agency",
    status_code=status.HTTP_201_CREATED,
    response_model=DisclosureView,
    responses=ERRORS,
)
async def request_disclosure(
    enquiry_id: UUID, body: DisclosureAsked, request: Request, actor: CurrentActor
) -> DisclosureView | JSONResponse:
    try:
        state = await disclose.request_disclosure(
            runtime_of(request.app),
            enquiry_id=enquiry_id,
            disclosure_id=body.disclosure_id,
            actor=actor,
            recipient_agency_id=body.recipient_agency_id,
            purpose=body.purpose,
            kinds=frozenset(body.kinds),
            correlation_id=request.state.correlation_id,
        )
    except SharingRefused as error:
        return _refused(error)
    return await _view(request, state)


@router.get(
    "/disclosures/{disclosure_id}",
    summary="A disclosure your agency asked for",
    response_model=DisclosureView,
    responses={401: ERRORS[401], 404: ERRORS[404]},
)
async def get_disclosure(
    disclosure_id: UUID, request: Request, actor: CurrentActor
) -> DisclosureView:
    state = await load_disclosure(runtime_of(request.app), disclosure_id, agency_id=actor.agency_id)
    return await _view(request, state)


@router.post(
    "/disclosures/{disclosure_id}/override",
    summary="Ask to share without consent on a lawful ground",
    response_model=DisclosureView,
    responses=ERRORS,
)
async def request_override(
    disclosure_id: UUID, body: OverrideAsked, request: Request, actor: CurrentActor
) -> DisclosureView:
    state = await disclose.request_override(
        runtime_of(request.app),
        disclosure_id=disclosure_id,
        actor=actor,
        override_id=uuid.uuid4(),
        ground=body.ground,
        narrative=body.narrative,
        person_told=body.person_told,
        why_not_told=body.why_not_told,
        correlation_id=request.state.correlation_id,
    )
    return await _view(request, state)


@router.post(
    "/disclosures/{disclosure_id}/approval",
    summary="Approve an override (a manager other than the one who asked)",
    response_model=DisclosureView,
    responses=ERRORS,
)
async def approve_override(
    disclosure_id: UUID, request: Request, actor: CurrentActor
) -> DisclosureView:
    state = await disclose.approve_override(
        runtime_of(request.app),
        disclosure_id=disclosure_id,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return await _view(request, state)


@router.post(
    "/disclosures/{disclosure_id}/delivery",
    summary="Deliver an approved disclosure (the policy is asked again first)",
    response_model=DisclosureView,
    responses=ERRORS,
)
async def deliver(
    disclosure_id: UUID, request: Request, actor: CurrentActor
) -> DisclosureView | JSONResponse:
    try:
        state = await disclose.deliver_disclosure(
            runtime_of(request.app),
            disclosure_id=disclosure_id,
            actor=actor,
            correlation_id=request.state.correlation_id,
        )
    except SharingRefused as error:
        return _refused(error)
    return await _view(request, state)
