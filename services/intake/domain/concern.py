"""Opening an enquiry, the concern that starts it, and its lines of risk."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.intake.domain.access import require_open, require_writer
from services.intake.domain.errors import ConflictsWithRecord, RuleBroken
from services.intake.domain.state import EnquiryState
from shared.auth import Actor
from shared.codes import AgeBand, RiskAssessmentOutcome, RiskOutcome
from shared.contracts import intake as ev
from shared.events import DomainEvent


class Concern(BaseModel):
    """What the referrer told us."""

    model_config = ConfigDict(extra="forbid")

    referrer: ev.Referrer
    raised_at: AwareDatetime = Field(description="when the referrer raised it, with its zone")
    what_happened: str = Field(min_length=1, max_length=10_000, description="verbatim")
    person: ev.Person
    others_at_risk: ev.OthersAtRisk = ev.OthersAtRisk()
    alleged_source_of_harm: ev.AllegedSourceOfHarm | None = None


def open_enquiry(
    *, enquiry_id: UUID, actor: Actor, now: datetime, concern: Concern | None = None
) -> list[DomainEvent]:
    """The actor's agency leads the new enquiry and the actor is its lead practitioner."""
    require_writer(actor)
    opened = ev.EnquiryOpened(
        enquiry_id=enquiry_id,
        lead_agency_id=actor.agency_id,
        lead_practitioner_id=actor.user_id,
        opened_at=now,
    )
    if concern is None:
        return [opened]
    return [opened, _concern_raised(enquiry_id, concern, now)]


def raise_concern(
    state: EnquiryState, *, actor: Actor, now: datetime, concern: Concern
) -> list[DomainEvent]:
    """The concern of an enquiry opened without one."""
    require_writer(actor)
    require_open(state)
    if state.concern is not None:
        raise ConflictsWithRecord("The concern is already recorded.", field="concern")
    return [_concern_raised(state.enquiry_id, concern, now)]


def _concern_raised(enquiry_id: UUID, concern: Concern, now: datetime) -> ev.ConcernRaised:
    if concern.raised_at > now:
        raise RuleBroken("It cannot be raised in the future.", field="concern.raised_at")
    if concern.person.date_of_birth >= concern.raised_at.date():
        raise RuleBroken(
            "The date of birth must be before the concern.", field="concern.person.date_of_birth"
        )
    return ev.ConcernRaised(
        enquiry_id=enquiry_id,
        referrer=concern.referrer,
        raised_at=concern.raised_at,
        what_happened=concern.what_happened,
        person=concern.person,
        age_band=AgeBand.of(concern.person.date_of_birth, concern.raised_at.date()),
        others_at_risk=concern.others_at_risk,
        alleged_source_of_harm=concern.alleged_source_of_harm,
    )


def identify_risk(
    state: EnquiryState,
    *,
    actor: Actor,
    risk: ev.RiskIdentified,
    id_used_elsewhere: bool = False,
) -> list[DomainEvent]:
    """`id_used_elsewhere`: another enquiry already has a risk with this id (the command handler
    looks it up). Risk ids are unique across enquiries: the board report keys risks by id."""
    require_writer(actor)
    require_open(state)
    if state.risk(risk.risk_id) is not None:
        raise ConflictsWithRecord("This risk is already recorded.", field="risk_id")
    if id_used_elsewhere:
        raise ConflictsWithRecord(
            "This risk id is already used by another enquiry: leave it out to get a new one.",
            field="risk_id",
        )
    return [risk]


def conclude_risk(
    state: EnquiryState,
    *,
    actor: Actor,
    risk_id: UUID,
    assessment_outcome: RiskAssessmentOutcome,
    risk_outcome: RiskOutcome | None,
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    if state.risk(risk_id) is None:
        raise RuleBroken("There is no such risk on this enquiry.", field="risk_id")
    if assessment_outcome.risk_identified and risk_outcome is None:
        raise RuleBroken(
            "A risk was identified: say whether it remained, was reduced or removed.",
            field="risk_outcome",
        )
    if not assessment_outcome.risk_identified and risk_outcome is not None:
        raise RuleBroken(
            "A risk outcome is recorded only where a risk was identified.", field="risk_outcome"
        )
    return [
        ev.RiskConcluded(
            enquiry_id=state.enquiry_id,
            risk_id=risk_id,
            assessment_outcome=assessment_outcome,
            risk_outcome=risk_outcome,
        )
    ]
