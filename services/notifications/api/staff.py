"""The staff directory: whose manager is who, and each member's work email, per agency."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from services.notifications.commands.staff_directory import (
    directory_of,
    member,
    record_staff_member,
)
from shared.auth import CurrentActor
from shared.runtime import runtime_of

router = APIRouter(tags=["staff directory"])

USER_ID = r"^[A-Za-z0-9._-]{1,100}$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid service token"},
    403: {"description": "Only a manager or an administrator of the agency may change it"},
    409: {"description": "Changed by someone else at the same moment: try again"},
    422: {"description": "A field needs correcting"},
}


class StaffMemberIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"email": "asc.practitioner@example.org", "manager_id": "asc-manager"}]
        },
    )

    email: str | None = Field(None, max_length=320, pattern=EMAIL, description="work email")
    manager_id: str | None = Field(
        None, pattern=USER_ID, description="their manager's user id; none: the agency's managers"
    )


class StaffMember(BaseModel):
    user_id: str
    agency_id: str
    email: str | None
    manager_id: str | None
    recorded_at: datetime


@router.put(
    "/staff/{user_id}",
    summary="Record a member of staff: their work email and their manager (again: no change)",
    response_model=StaffMember,
    responses=ERRORS,
)
async def put_staff_member(
    request: Request,
    actor: CurrentActor,
    user_id: Annotated[str, Path(pattern=USER_ID)],
    body: StaffMemberIn,
) -> StaffMember:
    runtime = runtime_of(request.app)
    await record_staff_member(
        runtime,
        user_id=user_id,
        email=body.email,
        manager_id=body.manager_id,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return StaffMember.model_validate(await member(runtime, user_id))


@router.get(
    "/staff",
    summary="Your agency's staff directory",
    response_model=list[StaffMember],
    responses=ERRORS,
)
async def list_staff(request: Request, actor: CurrentActor) -> list[StaffMember]:
    rows = await directory_of(runtime_of(request.app), actor.agency_id)
    return [StaffMember.model_validate(row) for row in rows]
