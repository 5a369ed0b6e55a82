"""Due soon and overdue, per enquiry, from outcomes' `GET /due` (reviews and actions)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class DueItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: str
    enquiry_id: UUID
    action_id: UUID | None = None
    due_on: date
    overdue: bool


class Flag(StrEnum):
    OVERDUE = "Overdue"
    DUE_SOON = "Due soon"


def flags_by_enquiry(items: list[DueItem]) -> dict[UUID, Flag]:
    """Each enquiry's most urgent flag: overdue wins over due soon."""
    flags: dict[UUID, Flag] = {}
    for item in items:
        if item.overdue:
            flags[item.enquiry_id] = Flag.OVERDUE
        else:
            flags.setdefault(item.enquiry_id, Flag.DUE_SOON)
    return flags
