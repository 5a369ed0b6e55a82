"""Use case: record a line of risk. Its id may be chosen by the client, and risk ids are unique
across enquiries (intake's risk table and feedback's report key risks by id alone), so a clash
is looked up first and refused by the domain (`shared.eventstore.ownership` says why)."""

from __future__ import annotations

from services.intake.commands.change_enquiry import change_enquiry
from services.intake.domain.concern import identify_risk
from services.intake.domain.state import EnquiryState
from services.intake.tables import risks
from shared.auth import Actor
from shared.contracts import intake as ev
from shared.events import DomainEvent, EventEnvelope
from shared.eventstore.ownership import held_by_another_enquiry
from shared.runtime import ServiceRuntime


async def record_risk(
    runtime: ServiceRuntime,
    *,
    risk: ev.RiskIdentified,
    expected_version: int,
    actor: Actor,
    correlation_id: str,
) -> list[EventEnvelope]:
    used_elsewhere = await held_by_another_enquiry(
        runtime.db, risks, "risk_id", risk.risk_id, risk.enquiry_id
    )

    def decide(state: EnquiryState) -> list[DomainEvent]:
        return identify_risk(state, actor=actor, risk=risk, id_used_elsewhere=used_elsewhere)

    return await change_enquiry(
        runtime,
        enquiry_id=risk.enquiry_id,
        expected_version=expected_version,
        actor=actor,
        correlation_id=correlation_id,
        decide=decide,
    )
