"""Closure: every rule met and signed off by a manager other than the lead; reopening with a
reason."""

from __future__ import annotations

from datetime import datetime

from services.intake.domain.access import require_manager, require_open, require_writer
from services.intake.domain.errors import ClosureRefused, ConflictsWithRecord, NotAllowed
from services.intake.domain.state import EnquiryState, Status
from shared.auth import Actor
from shared.codes import ClosureReason
from shared.contracts import intake as ev
from shared.events import DomainEvent


def close(
    state: EnquiryState,
    *,
    actor: Actor,
    now: datetime,
    reason: ClosureReason,
    unassessed_outcomes: int,
) -> list[DomainEvent]:
    """`unassessed_outcomes`: active desired outcomes without a final assessment, as learned
    from the outcomes service's events."""
    require_open(state)
    require_manager(actor, "sign off an enquiry's closure")
    if actor.user_id == state.lead_practitioner_id:
        raise NotAllowed("Sign-off must be by a manager other than the lead.", field="role")
    proposal = state.closure_proposal
    if proposal is not None and actor.user_id == proposal.proposed_by:
        raise NotAllowed("Sign-off must be by a manager other than the proposer.", field="role")
    refusal = closure_refusal(state, unassessed_outcomes)
    if refusal is not None:
        message, field = refusal
        raise ClosureRefused(message, field=field)
    return [
        ev.EnquiryClosed(
            enquiry_id=state.enquiry_id,
            lead_agency_id=state.lead_agency_id,
            lead_practitioner_id=state.lead_practitioner_id,
            closed_at=now,
            closure_reason=reason.value,
            signed_off_by=actor.user_id,
        )
    ]


def propose(
    state: EnquiryState, *, actor: Actor, now: datetime, reason: ClosureReason
) -> list[DomainEvent]:
    """The proposal with its reason, for a manager to sign off; what still blocks closure is
    shown beside it (`closure_blocked_by`), not refused here, so it can be proposed early."""
    require_open(state)
    require_writer(actor)
    return [
        ev.ClosureProposed(
            enquiry_id=state.enquiry_id,
            closure_reason=reason.value,
            proposed_by=actor.user_id,
            proposed_at=now,
        )
    ]


def closure_refusal(state: EnquiryState, unassessed_outcomes: int) -> tuple[str, str] | None:
    """The first closure rule not met, as (message, field); None when it may close."""
    if state.section_42 is None:
        return "The section 42 decision has not been made.", "section_42"
    if state.pending_transfer is not None:
        return "A transfer of the lead is waiting for an answer.", "lead"
    if unassessed_outcomes:
        return (
            f"{unassessed_outcomes} desired outcome(s) have no final assessment yet.",
            "desired_outcomes",
        )
    for risk in state.risks:
        if risk.assessment_outcome is None:
            return f"Risk {risk.risk_id} has no risk assessment outcome.", "risks"
        if risk.assessment_outcome.risk_identified and risk.risk_outcome is None:
            return f"Risk {risk.risk_id} was identified but has no risk outcome.", "risks"
    return None


def reopen(state: EnquiryState, *, actor: Actor, now: datetime, reason: str) -> list[DomainEvent]:
    require_writer(actor)
    if state.status is not Status.CLOSED:
        raise ConflictsWithRecord("The enquiry is not closed.", field="reason")
    return [ev.EnquiryReopened(enquiry_id=state.enquiry_id, reopened_at=now, reason=reason)]
