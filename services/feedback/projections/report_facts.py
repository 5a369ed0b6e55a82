"""Intake's reporting facts as this service received them (consumer projection, for the report).

Only codes, dates and ids are kept: the person's details, the referrer, what happened, the
reasons given and the advocate's name stay in intake's store, so the report cannot show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.feedback.tables import (
    report_advocates,
    report_capacity,
    report_concerns,
    report_risks,
    report_section42,
)
from shared.contracts.intake import (
    AdvocateAppointed,
    CapacityAssessed,
    ConcernRaised,
    RiskConcluded,
    RiskIdentified,
    Section42Decided,
)
from shared.projections import Recorded


class IntakeReportFacts:
    name = "intake_report_facts"
    handles = frozenset(
        {
            ConcernRaised.event_type,
            Section42Decided.event_type,
            RiskIdentified.event_type,
            RiskConcluded.event_type,
            CapacityAssessed.event_type,
            AdvocateAppointed.event_type,
        }
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (report_concerns, report_section42, report_risks, report_capacity, report_advocates)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        rows: dict[Table, list[dict[str, Any]]] = {t: [] for t in self.tables}
        conclusions: list[dict[str, Any]] = []
        for recorded in events:
            event, envelope = recorded.event, recorded.envelope
            match event:
                case ConcernRaised():
                    rows[report_concerns].append(
                        {"enquiry_id": event.enquiry_id, "raised_at": event.raised_at}
                    )
                case Section42Decided():
                    rows[report_section42].append(
                        {
                            "decision_event_id": envelope.event_id,
                            "enquiry_id": event.enquiry_id,
                            "result": event.result.value,
                            "decided_at": event.decided_at,
                        }
                    )
                case RiskIdentified():
                    rows[report_risks].append(
                        {
                            "risk_id": event.risk_id,
                            "enquiry_id": event.enquiry_id,
                            "risk_type": event.risk_type.value,
                            "location": event.location.value,
                            "source": event.source.value,
                            "assessment_outcome": None,
                            "risk_outcome": None,
                        }
                    )
                case RiskConcluded():
                    conclusions.append(
                        {
                            "b_risk_id": event.risk_id,
                            "assessment_outcome": event.assessment_outcome.value,
                            "risk_outcome": event.risk_outcome and event.risk_outcome.value,
                        }
                    )
                case CapacityAssessed():
                    rows[report_capacity].append(
                        {
                            "assessment_id": event.assessment_id,
                            "enquiry_id": event.enquiry_id,
                            "outcome": event.outcome.value,
                        }
                    )
                case AdvocateAppointed():
                    rows[report_advocates].append(
                        {
                            "appointment_event_id": envelope.event_id,
                            "enquiry_id": event.enquiry_id,
                            "kind": event.advocate.kind.value,
                        }
                    )
        for table, values in rows.items():
            if values:
                await conn.execute(insert(table), values)
        # After the inserts: a risk is identified before it is concluded in the enquiry's
        # stream, so both may arrive in one batch, in that order.
        if conclusions:
            await conn.execute(
                update(report_risks).where(report_risks.c.risk_id == bindparam("b_risk_id")),
                conclusions,
            )
