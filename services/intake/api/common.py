"""What every intake command route shares: the expected version, the answer, the errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field

from services.intake.commands.change_enquiry import Acting, Decide, change_enquiry
from services.intake.domain.state import EnquiryState
from shared.auth import Actor
from shared.events import DomainEvent, EventEnvelope
from shared.runtime import ServiceRuntime, runtime_of

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid service token"},
    403: {"description": "Your role may not do this (the message says who may)"},
    404: {"description": "No such enquiry, or another agency leads it (not told apart)"},
    409: {
        "description": "Someone changed the record first (`current_version` given), or its "
        "state refuses this command (the message names the rule)"
    },
    422: {"description": "A field needs correcting: `errors` names each field and the reason"},
}

READ_ERRORS: dict[int | str, dict[str, Any]] = {401: ERRORS[401], 404: ERRORS[404]}


def with_example(example: dict[str, Any]) -> ConfigDict:
    """Commands refuse unknown fields and show an example in the OpenAPI document."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


ExpectedVersion = Annotated[
    int,
    Field(ge=1, description="the enquiry's version you read; a stale one is answered 409"),
]


class Changed(BaseModel):
    """The enquiry's new version and the events the command recorded."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "enquiry_id": "8f0e6a52-2a1e-4b57-9a61-3c0d6d1c2b11",
                    "version": 4,
                    "event_ids": ["0b5c5f8e-1d0a-4c8e-bb51-0a4f9d1e7c22"],
                }
            ]
        }
    )

    enquiry_id: UUID
    version: int
    event_ids: list[UUID]


def changed(enquiry_id: UUID, envelopes: list[EventEnvelope], before: int) -> Changed:
    return Changed(
        enquiry_id=enquiry_id,
        version=envelopes[-1].version if envelopes else before,
        event_ids=[e.event_id for e in envelopes],
    )


def runtime(request: Request) -> ServiceRuntime:
    return runtime_of(request.app)


async def apply(
    request: Request,
    *,
    actor: Actor,
    enquiry_id: UUID,
    expected_version: int,
    decide: Decide,
    acting: Acting = Acting.AS_LEAD,
) -> Changed:
    envelopes = await change_enquiry(
        runtime(request),
        enquiry_id=enquiry_id,
        expected_version=expected_version,
        actor=actor,
        correlation_id=request.state.correlation_id,
        decide=decide,
        acting=acting,
    )
    return changed(enquiry_id, envelopes, expected_version)


async def apply_step(
    request: Request,
    *,
    actor: Actor,
    enquiry_id: UUID,
    expected_version: int,
    step: Callable[..., list[DomainEvent]],
    acting: Acting = Acting.AS_LEAD,
    **arguments: Any,
) -> Changed:
    """Most routes: one domain step, decided at the request's time with the command's values,
    `step(state, actor=..., now=..., **arguments)`."""
    now = runtime(request).clock.now()

    def decide(state: EnquiryState) -> list[DomainEvent]:
        return step(state, actor=actor, now=now, **arguments)

    return await apply(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=expected_version,
        decide=decide,
        acting=acting,
    )
