"""Declined intervention and monitoring; the offer can be taken up again at any time."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.intake.api.common import (
    ERRORS,
    Changed,
    ExpectedVersion,
    apply_step,
    with_example,
)
from services.intake.domain import intervention
from shared.auth import CurrentActor

router = APIRouter(tags=["declined intervention"])


class DeclineIntervention(BaseModel):
    model_config = with_example(
        {
            "expected_version": 7,
            "persons_words": "I don't want anything to be done. He is very kind to me.",
            "next_check_on": "2026-12-15",
        }
    )

    expected_version: ExpectedVersion
    persons_words: str | None = Field(None, max_length=10_000, description="verbatim")
    next_check_on: date
    raised_anyway_because: str | None = Field(
        None, max_length=2_000, description="a crime or a risk to others means it goes on anyway"
    )
    person_told: bool | None = Field(None, description="whether the person was told that")


@router.post(
    "/enquiries/{enquiry_id}/declined-intervention",
    summary="Record that the person, with capacity, declined: the enquiry is monitored",
    responses=ERRORS,
)
async def post_declined(
    request: Request, enquiry_id: UUID, command: DeclineIntervention, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=intervention.decline_intervention,
        **command.model_dump(exclude={"expected_version"}),
    )


class TakeUp(BaseModel):
    model_config = with_example({"expected_version": 9})

    expected_version: ExpectedVersion


@router.post(
    "/enquiries/{enquiry_id}/declined-intervention/take-up",
    summary="The person takes up the offer again",
    responses=ERRORS,
)
async def post_take_up(
    request: Request, enquiry_id: UUID, command: TakeUp, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=intervention.take_up,
    )


class RecordCheck(BaseModel):
    model_config = with_example(
        {"expected_version": 8, "note": "Visited; she is well.", "next_check_on": "2027-01-15"}
    )

    expected_version: ExpectedVersion
    note: str | None = Field(None, max_length=2_000)
    next_check_on: date


@router.post(
    "/enquiries/{enquiry_id}/monitoring-checks",
    summary="Record a monitoring check and the next one's date",
    responses=ERRORS,
)
async def post_check(
    request: Request, enquiry_id: UUID, command: RecordCheck, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=intervention.record_check,
        note=command.note,
        next_check_on=command.next_check_on,
    )
