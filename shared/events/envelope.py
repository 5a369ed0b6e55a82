"""The envelope: the facts about a fact (who, when, where in the stream) around its payload."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.auth import Actor


class DomainEvent(BaseModel):
    """A fact in the past tense. Subclasses set `event_type` and, when reshaped, `schema_version`.

    Only additive changes are allowed to a published type (readers ignore fields they do not
    know); anything else is a new type or a new `schema_version` with an upcaster for the old one.
    """

    # Unknown fields are ignored: a consumer on an older contract must accept an additive change.
    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1


class EventEnvelope(BaseModel):
    """A stored event as every service sees it, on the stream and in the store."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID = Field(description="unique id of this event; consumers deduplicate by it")
    event_type: str = Field(
        description="`<service>.<EventName>`", examples=["intake.EnquiryOpened"]
    )
    schema_version: int = Field(ge=1, description="shape of the payload when it was written")
    stream_id: str = Field(description="the aggregate, e.g. an enquiry id")
    version: int = Field(ge=1, description="position of this event within its aggregate")
    position: int = Field(ge=1, description="global position in the publishing service's store")
    occurred_at: datetime = Field(description="when it was recorded (UTC)")
    actor: Actor
    correlation_id: str = Field(description="the request or flow this event belongs to")
    causation_id: str | None = Field(None, description="the event or command that caused it")
    payload: dict[str, Any]

    @property
    def service(self) -> str:
        return self.event_type.partition(".")[0]
