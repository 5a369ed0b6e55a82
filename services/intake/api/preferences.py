"""Communication and meeting preferences; each change keeps the earlier ones."""

from __future__ import annotations

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
from services.intake.domain.preferences import record_preferences
from shared.auth import CurrentActor
from shared.contracts.intake import CommunicationPreferences

router = APIRouter(tags=["communication preferences"])


class RecordPreferences(BaseModel):
    model_config = with_example(
        {
            "expected_version": 4,
            "preferences": {
                "contact_allowed": ["phone", "face to face"],
                "contact_refused": ["letter"],
                "in_their_words": "Please don't send me letters, I can't read them.",
                "easy_read": False,
                "pictures": False,
                "language": "English",
                "interpreter_needed": False,
                "who_to_involve": "I need my sister to be involved",
                "meeting_place": "At home",
                "meeting_times": "Mornings",
                "enter_room_first": True,
                "pace": "Slowly, with breaks",
            },
        }
    )

    expected_version: ExpectedVersion
    preferences: CommunicationPreferences
    reason: str | None = Field(None, max_length=2_000, description="why they changed")


@router.put(
    "/enquiries/{enquiry_id}/communication-preferences",
    summary="Record the person's communication and meeting preferences as they are now",
    responses=ERRORS,
)
async def put_preferences(
    request: Request, enquiry_id: UUID, command: RecordPreferences, actor: CurrentActor
) -> Changed:
    return await apply_step(
        request,
        actor=actor,
        enquiry_id=enquiry_id,
        expected_version=command.expected_version,
        step=record_preferences,
        preferences=command.preferences,
        reason=command.reason,
    )
