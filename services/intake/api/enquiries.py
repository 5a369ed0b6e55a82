"""Opening an enquiry with the concern that starts it."""

from __future__ import annotations

import uuid
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Header, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from services.intake.api.common import ERRORS, Changed, ExpectedVersion, apply_step, runtime
from services.intake.api.examples import CONCERN_EXAMPLE
from services.intake.commands.open_enquiry import open_enquiry
from services.intake.domain.concern import Concern, raise_concern
from shared.auth import CurrentActor
from shared.eventstore.errors import ConcurrencyError

router = APIRouter(tags=["concern and risks"])
IDEMPOTENCY_NAMESPACE = uuid.UUID("0c3a4a53-9a7e-4d55-8d2f-1f0f1a7c9e01")


class OpenEnquiry(BaseModel):
    """Open an enquiry led by your agency, with you as its lead practitioner."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"enquiry_id": "8f0e6a52-2a1e-4b57-9a61-3c0d6d1c2b11", "concern": CONCERN_EXAMPLE}
            ]
        },
    )

    enquiry_id: UUID = Field(
        default_factory=uuid4,
        description="optional: a client-chosen id, so that a retried request cannot open twice",
    )
    concern: Concern | None = Field(None, description="the concern, if known when opening")


class Opened(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "enquiry_id": "8f0e6a52-2a1e-4b57-9a61-3c0d6d1c2b11",
                    "version": 2,
                    "event_id": "0b5c5f8e-1d0a-4c8e-bb51-0a4f9d1e7c22",
                }
            ]
        }
    )

    enquiry_id: UUID
    version: int
    event_id: UUID


@router.post(
    "/enquiries",
    status_code=status.HTTP_201_CREATED,
    summary="Open an enquiry (with its concern)",
    responses={
        200: {"description": "A retry with the same Idempotency-Key: the enquiry it opened"},
        **ERRORS,
        409: {"description": "An enquiry with this id is already open"},
    },
)
async def post_open_enquiry(
    request: Request,
    response: Response,
    command: OpenEnquiry,
    actor: CurrentActor,
    idempotency_key: Annotated[
        str | None,
        Header(
            min_length=1,
            max_length=200,
            description="makes a retry answer with the enquiry the first request opened",
        ),
    ] = None,
) -> Opened:
    enquiry_id = command.enquiry_id
    if idempotency_key and "enquiry_id" not in command.model_fields_set:
        enquiry_id = uuid.uuid5(
            IDEMPOTENCY_NAMESPACE, f"{actor.agency_id}\n{actor.user_id}\n{idempotency_key}"
        )
    try:
        envelopes = await open_enquiry(
            runtime(request),
            enquiry_id=enquiry_id,
            actor=actor,
            correlation_id=request.state.correlation_id,
            concern=command.concern,
        )
    except ConcurrencyError:
        if not idempotency_key:
            raise
        envelopes = (await runtime(request).store.load(str(enquiry_id)))[:1]
        if envelopes[0].actor != actor:  # a retry is the same user's; anything else is a clash
            raise
        response.status_code = status.HTTP_200_OK
    last = envelopes[-1]
    return Opened(enquiry_id=enquiry_id, version=last.version, event_id=last.event_id)


class RaiseConcern(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"expected_version": 1, "concern": CONCERN_EXAMPLE}]},
    )

    expected_version: ExpectedVersion
    concern: Concern


@router.post(
    "/enquiries/{enquiry_id}/concern",
    summary="Record the concern of an enquiry opened without one",
    responses=ERRORS,
)
async def post_concern(
    request: Request, enquiry_id: UUID, command: RaiseConcern, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=raise_concern,
        concern=command.concern,
    )
