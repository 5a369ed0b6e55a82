"""Declined intervention: a person with capacity may refuse; support continues under monitoring,
and the offer stands, to be taken up at any time."""

from __future__ import annotations

from datetime import date, datetime

from services.intake.domain.access import require_open, require_writer
from services.intake.domain.capacity import lacks_capacity
from services.intake.domain.errors import ConflictsWithRecord, RuleBroken
from services.intake.domain.state import EnquiryState, Status
from shared.auth import Actor
from shared.contracts import intake as ev
from shared.events import DomainEvent


def decline_intervention(
    state: EnquiryState,
    *,
    actor: Actor,
    now: datetime,
    persons_words: str | None,
    next_check_on: date,
    raised_anyway_because: str | None,
    person_told: bool | None,
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    if state.status is Status.MONITORING:
        raise ConflictsWithRecord("The person has already declined; it is monitored.")
    if lacks_capacity(state):
        raise RuleBroken(
            "The latest assessment found the person lacked capacity: a decline needs capacity.",
            field="persons_words",
        )
    if next_check_on <= now.date():
        raise RuleBroken("The next check must be after today.", field="next_check_on")
    if raised_anyway_because and person_told is None:
        raise RuleBroken("Say whether the person was told.", field="person_told")
    return [
        ev.InterventionDeclined(
            enquiry_id=state.enquiry_id,
            persons_words=persons_words,
            next_check_on=next_check_on,
            raised_anyway_because=raised_anyway_because,
            person_told=person_told,
            declined_at=now,
        )
    ]


def take_up(state: EnquiryState, *, actor: Actor, now: datetime) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    if state.status is not Status.MONITORING:
        raise ConflictsWithRecord("The person has not declined: nothing to take up.")
    return [ev.InterventionTakenUp(enquiry_id=state.enquiry_id, taken_up_at=now)]


def record_check(
    state: EnquiryState, *, actor: Actor, now: datetime, note: str | None, next_check_on: date
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    if state.status is not Status.MONITORING:
        raise ConflictsWithRecord("The enquiry is not being monitored.")
    if next_check_on <= now.date():
        raise RuleBroken("The next check must be after today.", field="next_check_on")
    return [
        ev.MonitoringCheckRecorded(
            enquiry_id=state.enquiry_id, checked_at=now, note=note, next_check_on=next_check_on
        )
    ]
