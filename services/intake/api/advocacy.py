"""Advocacy: the need, the offer, the appointment and the refusal."""

from __future__ import annotations

from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.intake.api.common import (
    ERRORS,
    Changed,
    ExpectedVersion,
    apply_step,
    with_example,
)
from services.intake.domain import advocacy
from shared.auth import CurrentActor
from shared.contracts.intake import Advocate

router = APIRouter(tags=["advocacy"])


class IdentifyNeed(BaseModel):
    model_config = with_example(
        {
            "expected_version": 5,
            "substantial_difficulty": True,
            "appropriate_person_available": False,
            "family_or_friend_to_consult": False,
        }
    )

    expected_version: ExpectedVersion
    need_id: UUID = Field(default_factory=uuid4, description="optional: a client-chosen id")
    substantial_difficulty: bool = Field(description="substantial difficulty in taking part")
    appropriate_person_available: bool = Field(description="someone appropriate to support them")
    family_or_friend_to_consult: bool = Field(description="family or friends to consult")


@router.post(
    "/enquiries/{enquiry_id}/advocacy/needs",
    summary="Record that the person needs an advocate (an ICA where the law requires one)",
    responses=ERRORS,
)
async def post_need(
    request: Request, enquiry_id: UUID, command: IdentifyNeed, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=advocacy.identify_need,
        need_id=command.need_id,
        substantial_difficulty=command.substantial_difficulty,
        appropriate_person_available=command.appropriate_person_available,
        family_or_friend_to_consult=command.family_or_friend_to_consult,
    )


class Offer(BaseModel):
    model_config = with_example({"expected_version": 6})

    expected_version: ExpectedVersion


@router.post(
    "/enquiries/{enquiry_id}/advocacy/needs/{need_id}/offer",
    summary="Record that advocacy was offered",
    responses=ERRORS,
)
async def post_offer(
    request: Request, enquiry_id: UUID, need_id: UUID, command: Offer, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=advocacy.offer,
        need_id=need_id,
    )


class Appoint(BaseModel):
    model_config = with_example(
        {
            "expected_version": 7,
            "advocate": {
                "kind": "independent capacity advocate",
                "name": "Sam Green",
                "organisation": "Jersey Advocacy Service",
                "contact": "01534 222222",
            },
        }
    )

    expected_version: ExpectedVersion
    advocate: Advocate


@router.post(
    "/enquiries/{enquiry_id}/advocacy/needs/{need_id}/appointment",
    summary="Record the advocate appointed",
    responses=ERRORS,
)
async def post_appointment(
    request: Request, enquiry_id: UUID, need_id: UUID, command: Appoint, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=advocacy.appoint,
        need_id=need_id,
        advocate=command.advocate,
    )


class Decline(BaseModel):
    model_config = with_example(
        {"expected_version": 7, "persons_words": "I don't want anyone else involved."}
    )

    expected_version: ExpectedVersion
    persons_words: str | None = Field(None, max_length=10_000, description="verbatim")


@router.post(
    "/enquiries/{enquiry_id}/advocacy/needs/{need_id}/refusal",
    summary="Record that the person declined advocacy",
    responses=ERRORS,
)
async def post_refusal(
    request: Request, enquiry_id: UUID, need_id: UUID, command: Decline, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=advocacy.decline,
        need_id=need_id,
        persons_words=command.persons_words,
    )
