"""Decision-specific capacity, and pausing the enquiry's timescales while the person recovers."""

from __future__ import annotations

from datetime import datetime

from services.intake.domain.access import require_open, require_writer
from services.intake.domain.errors import ConflictsWithRecord, RuleBroken
from services.intake.domain.state import EnquiryState
from shared.auth import Actor
from shared.codes import CapacityOutcome
from shared.contracts import intake as ev
from shared.events import DomainEvent


def assess_capacity(
    state: EnquiryState, *, actor: Actor, now: datetime, assessment: ev.CapacityAssessed
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    if assessment.assessed_on > now.date():
        raise RuleBroken("An assessment cannot be dated in the future.", field="assessed_on")
    if any(a.assessment_id == assessment.assessment_id for a in state.capacity_assessments):
        raise ConflictsWithRecord("This assessment is already recorded.", field="assessment_id")
    return [assessment]


def lacks_capacity(state: EnquiryState) -> bool:
    """The latest assessment found that the person lacked capacity."""
    assessments = state.capacity_assessments
    return bool(assessments) and assessments[-1].outcome is CapacityOutcome.LACKED


def pause_timescales(
    state: EnquiryState, *, actor: Actor, now: datetime, reason: str
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    if state.timescales_paused:
        raise ConflictsWithRecord("The timescales are already paused.", field="reason")
    return [ev.TimescalesPaused(enquiry_id=state.enquiry_id, reason=reason, paused_at=now)]


def resume_timescales(
    state: EnquiryState, *, actor: Actor, now: datetime, reason: str
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    if not state.timescales_paused:
        raise ConflictsWithRecord("The timescales are not paused.", field="reason")
    return [ev.TimescalesResumed(enquiry_id=state.enquiry_id, reason=reason, resumed_at=now)]
