"""The lead agency and practitioner. Within the agency the lead moves at once; to another agency
it moves only when that agency accepts."""

from __future__ import annotations

from datetime import datetime

from services.intake.domain.access import require_open, require_writer
from services.intake.domain.errors import ConflictsWithRecord, RuleBroken
from services.intake.domain.state import EnquiryState
from shared.auth import Actor
from shared.contracts import intake as ev
from shared.events import DomainEvent


def transfer_lead(
    state: EnquiryState,
    *,
    actor: Actor,
    now: datetime,
    to_agency_id: str,
    to_practitioner_id: str | None,
    reason: str,
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    if state.pending_transfer is not None:
        raise ConflictsWithRecord("A transfer is already waiting for an answer.")
    if to_agency_id != state.lead_agency_id:
        if to_practitioner_id is not None:
            raise RuleBroken(
                "The receiving agency chooses its own lead when it accepts.",
                field="to_practitioner_id",
            )
        return [
            ev.LeadTransferRequested(
                enquiry_id=state.enquiry_id,
                from_agency_id=state.lead_agency_id,
                to_agency_id=to_agency_id,
                reason=reason,
                requested_at=now,
            )
        ]
    if to_practitioner_id is None or to_practitioner_id == state.lead_practitioner_id:
        raise RuleBroken("Name the practitioner who will lead.", field="to_practitioner_id")
    return [_transferred(state, to_agency_id, to_practitioner_id)]


def _transferred(state: EnquiryState, agency_id: str, practitioner_id: str) -> ev.LeadTransferred:
    return ev.LeadTransferred(
        enquiry_id=state.enquiry_id,
        lead_agency_id=agency_id,
        lead_practitioner_id=practitioner_id,
        previous_agency_id=state.lead_agency_id,
        previous_practitioner_id=state.lead_practitioner_id,
    )


def _awaiting(state: EnquiryState, actor: Actor) -> None:
    pending = state.pending_transfer
    if pending is None or pending.to_agency_id != actor.agency_id:
        raise ConflictsWithRecord("No transfer to your agency is waiting.")


def accept_transfer(state: EnquiryState, *, actor: Actor) -> list[DomainEvent]:
    """The accepting user becomes the lead practitioner."""
    require_writer(actor)
    require_open(state)
    _awaiting(state, actor)
    return [_transferred(state, actor.agency_id, actor.user_id)]


def decline_transfer(
    state: EnquiryState, *, actor: Actor, now: datetime, reason: str
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    _awaiting(state, actor)
    return [
        ev.LeadTransferDeclined(
            enquiry_id=state.enquiry_id,
            to_agency_id=actor.agency_id,
            reason=reason,
            declined_at=now,
        )
    ]
