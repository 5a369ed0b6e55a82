"""Intake's HTTP commands; queries come from the enquiry directory."""

from __future__ import annotations

from uuid import UUID, uuid4

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.commands.open_enquiry import open_enquiry
from shared.auth import CurrentActor
from shared.runtime import runtime_of

router = APIRouter(tags=["commands"])


class OpenEnquiry(BaseModel):
    """Open an enquiry led by your agency, with you as its lead practitioner."""

    model_config = ConfigDict(extra="forbid")

    enquiry_id: UUID = Field(
        default_factory=uuid4,
        description="optional: a client-chosen id, so that a retried request cannot open twice",
    )


class Opened(BaseModel):
    enquiry_id: UUID
    version: int
    event_id: UUID


@router.post(
    "/enquiries",
    status_code=status.HTTP_201_CREATED,
    summary="Open an enquiry",
    responses={
        401: {"description": "No valid service token"},
        409: {"description": "An enquiry with this id is already open"},
    },
)
async def post_open_enquiry(request: Request, command: OpenEnquiry, actor: CurrentActor) -> Opened:
    envelopes = await open_enquiry(
        runtime_of(request.app),
        enquiry_id=command.enquiry_id,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    last = envelopes[-1]
    return Opened(enquiry_id=command.enquiry_id, version=last.version, event_id=last.event_id)
