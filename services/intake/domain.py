"""The enquiry's rules, pure: state is the fold of its events; decisions return new events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared.auth import Actor
from shared.contracts.intake import EnquiryOpened
from shared.events import DomainEvent


@dataclass(frozen=True)
class Enquiry:
    enquiry_id: UUID
    lead_agency_id: str
    version: int


def fold(events: Sequence[DomainEvent]) -> Enquiry | None:
    state: Enquiry | None = None
    for version, event in enumerate(events, start=1):
        if isinstance(event, EnquiryOpened):
            state = Enquiry(event.enquiry_id, event.lead_agency_id, version)
    return state


def open_enquiry(*, enquiry_id: UUID, actor: Actor, now: datetime) -> list[DomainEvent]:
    """The actor's agency leads the new enquiry and the actor is its lead practitioner."""
    return [
        EnquiryOpened(
            enquiry_id=enquiry_id,
            lead_agency_id=actor.agency_id,
            lead_practitioner_id=actor.user_id,
            opened_at=now,
        )
    ]
