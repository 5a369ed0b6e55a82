"""Use case: record a line of risk. Its id may be chosen by the client, and risk ids are unique
across enquiries (intake's risk table and feedback's report key risks by id alone), so the id is
looked up in the read model first and a clash is refused by the domain before anything is
appended: never left to the database's key, which would fail the whole shared commit (a 500).

Two commands racing with one new id on two enquiries could still both pass the look-up; a
client-chosen UUID reused at the same moment is not a case worth a lock."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from services.intake.commands.change_enquiry import change_enquiry
from services.intake.domain.concern import identify_risk
from services.intake.domain.state import EnquiryState
from services.intake.tables import risks
from shared.auth import Actor
from shared.contracts import intake as ev
from shared.events import DomainEvent, EventEnvelope
from shared.runtime import ServiceRuntime


async def record_risk(
    runtime: ServiceRuntime,
    *,
    risk: ev.RiskIdentified,
    expected_version: int,
    actor: Actor,
    correlation_id: str,
) -> list[EventEnvelope]:
    query = select(risks.c.enquiry_id).where(risks.c.risk_id == risk.risk_id)
    async with runtime.db.read() as conn:
        holder: UUID | None = await conn.scalar(query)
    used_elsewhere = holder is not None and holder != risk.enquiry_id

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
