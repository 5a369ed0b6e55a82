"""Advocacy: the need, the offer, the appointment or the refusal, and chasing an unmet need."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from services.intake.domain.access import require_open, require_writer
from services.intake.domain.capacity import lacks_capacity
from services.intake.domain.errors import ConflictsWithRecord, RuleBroken
from services.intake.domain.state import AdvocacyNeed, EnquiryState, Status
from shared.auth import Actor
from shared.codes import AdvocateKind
from shared.contracts import intake as ev
from shared.events import DomainEvent


def identify_need(
    state: EnquiryState,
    *,
    actor: Actor,
    now: datetime,
    need_id: UUID,
    substantial_difficulty: bool,
    appropriate_person_available: bool,
    family_or_friend_to_consult: bool,
) -> list[DomainEvent]:
    """An ICA is required where the person lacks capacity and has no family or friend to consult;
    otherwise an advocate is needed for substantial difficulty with no appropriate person."""
    require_writer(actor)
    require_open(state)
    if state.open_advocacy_need is not None:
        raise ConflictsWithRecord("An advocacy need is already open.", field="need_id")
    ica_required = lacks_capacity(state) and not family_or_friend_to_consult
    if not ica_required and not (substantial_difficulty and not appropriate_person_available):
        raise RuleBroken(
            "No need: an advocate is needed when the person has substantial difficulty taking "
            "part and no appropriate person to support them.",
            field="substantial_difficulty",
        )
    return [
        ev.AdvocacyNeedIdentified(
            enquiry_id=state.enquiry_id,
            need_id=need_id,
            substantial_difficulty=substantial_difficulty,
            appropriate_person_available=appropriate_person_available,
            family_or_friend_to_consult=family_or_friend_to_consult,
            ica_required=ica_required,
            identified_at=now,
        )
    ]


def _open_need(state: EnquiryState, need_id: UUID) -> AdvocacyNeed:
    need = state.need(need_id)
    if need is None:
        raise RuleBroken("There is no such advocacy need.", field="need_id")
    if need.resolved:
        raise ConflictsWithRecord("This need is already met or declined.", field="need_id")
    return need


def offer(state: EnquiryState, *, actor: Actor, now: datetime, need_id: UUID) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    _open_need(state, need_id)
    return [ev.AdvocacyOffered(enquiry_id=state.enquiry_id, need_id=need_id, offered_at=now)]


def appoint(
    state: EnquiryState, *, actor: Actor, now: datetime, need_id: UUID, advocate: ev.Advocate
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    need = _open_need(state, need_id)
    if need.ica_required and advocate.kind is not AdvocateKind.ICA:
        raise RuleBroken("This person needs an independent capacity advocate.", field="kind")
    return [
        ev.AdvocateAppointed(
            enquiry_id=state.enquiry_id, need_id=need_id, advocate=advocate, appointed_at=now
        )
    ]


def decline(
    state: EnquiryState, *, actor: Actor, now: datetime, need_id: UUID, persons_words: str | None
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    need = _open_need(state, need_id)
    if need.ica_required:
        raise RuleBroken(
            "An independent capacity advocate is required by law and cannot be declined.",
            field="need_id",
        )
    return [
        ev.AdvocacyDeclined(
            enquiry_id=state.enquiry_id,
            need_id=need_id,
            persons_words=persons_words,
            declined_at=now,
        )
    ]


def still_needed(state: EnquiryState, *, now: datetime, after: timedelta) -> list[DomainEvent]:
    """`AdvocateStillNeeded` once for an open need older than `after`; nothing otherwise."""
    need = state.open_advocacy_need
    if state.status is Status.CLOSED or need is None or need.chased_at is not None:
        return []
    if now - need.identified_at < after:
        return []
    return [
        ev.AdvocateStillNeeded(
            enquiry_id=state.enquiry_id,
            need_id=need.need_id,
            lead_agency_id=state.lead_agency_id,
            lead_practitioner_id=state.lead_practitioner_id,
            ica_required=need.ica_required,
            needed_since=need.identified_at,
            days_waiting=(now - need.identified_at).days,
            chased_at=now,
        )
    ]
