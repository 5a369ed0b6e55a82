"""The section 42 decision: three tests, each with its reason, decided by a manager."""

from __future__ import annotations

from datetime import datetime

from services.intake.domain.access import require_manager, require_open
from services.intake.domain.errors import RuleBroken
from services.intake.domain.state import EnquiryState
from shared.auth import Actor
from shared.codes import NoEnquiryRouting, Section42Result
from shared.contracts import intake as ev
from shared.events import DomainEvent


def decide_section_42(
    state: EnquiryState,
    *,
    actor: Actor,
    now: datetime,
    needs_care_and_support: ev.Section42Test,
    experiencing_or_at_risk_of_abuse: ev.Section42Test,
    unable_to_protect_themselves: ev.Section42Test,
    result: Section42Result,
    routing: NoEnquiryRouting | None,
) -> list[DomainEvent]:
    require_manager(actor, "make the section 42 decision")
    require_open(state)
    all_met = all(
        t.met
        for t in (
            needs_care_and_support,
            experiencing_or_at_risk_of_abuse,
            unable_to_protect_themselves,
        )
    )
    if result is Section42Result.SECTION_42 and not all_met:
        raise RuleBroken(
            "A Section 42 enquiry needs all three tests met; choose Other enquiry or No enquiry.",
            field="result",
        )
    if result is Section42Result.NO_ENQUIRY and routing is None:
        raise RuleBroken("Say where a concern with no enquiry is routed.", field="routing")
    if result is not Section42Result.NO_ENQUIRY and routing is not None:
        raise RuleBroken("Routing is given only when there is no enquiry.", field="routing")
    return [
        ev.Section42Decided(
            enquiry_id=state.enquiry_id,
            needs_care_and_support=needs_care_and_support,
            experiencing_or_at_risk_of_abuse=experiencing_or_at_risk_of_abuse,
            unable_to_protect_themselves=unable_to_protect_themselves,
            result=result,
            routing=routing,
            decided_by=actor.user_id,
            decided_at=now,
        )
    ]
