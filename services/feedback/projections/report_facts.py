"""Intake's reporting facts as this service received them (consumer projection, for the report).

One writer (the group `feedback.report`) reads each enquiry's events in order, so it can keep
the enquiry's state (`report_enquiries`, `report_risks`) and, at each closure, a snapshot of
what the report counts of the enquiry (`report_closures`, `report_closure_risks`): intake
refuses changes to a closed enquiry, so the snapshot stays true until it reopens and closes
again, when the next closure's snapshot takes over (`next_closed_at`).

Only codes, dates and ids are kept: the person's details, the referrer, what happened, the
reasons given and the advocate's name stay in intake's store, so the report cannot show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table, case, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.feedback.tables import (
    report_closure_risks,
    report_closures,
    report_enquiries,
    report_risks,
    report_section42,
)
from shared.codes import CapacityOutcome
from shared.contracts.intake import (
    AdvocateAppointed,
    CapacityAssessed,
    ConcernRaised,
    EnquiryClosed,
    EnquiryOpened,
    RiskConcluded,
    RiskIdentified,
    Section42Decided,
)
from shared.projections import Recorded

# Lacked capacity if any assessment found it lacking, else the next value found in the order
# of the code list; none assessed is `Not recorded` (the last).
CAPACITY_ORDER = tuple(CapacityOutcome)
NOT_ASSESSED = len(CAPACITY_ORDER) - 1
RISK_CODES = ("risk_type", "location", "source", "assessment_outcome", "risk_outcome")


class IntakeReportFacts:
    name = "intake_report_facts"
    handles = frozenset(
        {
            EnquiryOpened.event_type,
            ConcernRaised.event_type,
            Section42Decided.event_type,
            RiskIdentified.event_type,
            RiskConcluded.event_type,
            CapacityAssessed.event_type,
            AdvocateAppointed.event_type,
            EnquiryClosed.event_type,
        }
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (
            report_enquiries,
            report_section42,
            report_risks,
            report_closures,
            report_closure_risks,
        )

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        # In order, one event at a time: a closure snapshots what the events before it wrote.
        for recorded in events:
            await _apply(conn, recorded)


async def _apply(conn: AsyncConnection, recorded: Recorded) -> None:
    event, envelope = recorded.event, recorded.envelope
    e = report_enquiries.c
    match event:
        case EnquiryOpened():
            await _enquiry(
                conn,
                event.enquiry_id,
                lead_agency_id=event.lead_agency_id,
                opened_at=event.opened_at,
            )
        case ConcernRaised():
            await _enquiry(conn, event.enquiry_id, raised_at=event.raised_at)
        case CapacityAssessed():
            rank = CAPACITY_ORDER.index(event.outcome)
            lower = case(
                (e.capacity_rank.is_(None) | (e.capacity_rank > rank), rank),
                else_=e.capacity_rank,
            )
            await _enquiry(conn, event.enquiry_id, capacity_rank=lower)
        case AdvocateAppointed():
            await _enquiry(conn, event.enquiry_id, supported=True)
        case Section42Decided():
            s = report_section42.c
            await conn.execute(
                update(report_section42)
                .where(s.enquiry_id == event.enquiry_id, s.superseded_at.is_(None))
                .values(superseded_at=event.decided_at)
            )
            agency = (
                select(e.lead_agency_id).where(e.enquiry_id == event.enquiry_id).scalar_subquery()
            )
            await conn.execute(
                insert(report_section42).values(
                    decision_event_id=envelope.event_id,
                    enquiry_id=event.enquiry_id,
                    lead_agency_id=agency,
                    result=event.result.value,
                    decided_at=event.decided_at,
                    superseded_at=None,
                )
            )
        case RiskIdentified():
            await conn.execute(
                insert(report_risks).values(
                    risk_id=event.risk_id,
                    enquiry_id=event.enquiry_id,
                    risk_type=event.risk_type.value,
                    location=event.location.value,
                    source=event.source.value,
                    assessment_outcome=None,
                    risk_outcome=None,
                )
            )
        case RiskConcluded():
            await conn.execute(
                update(report_risks)
                .where(report_risks.c.risk_id == event.risk_id)
                .values(
                    assessment_outcome=event.assessment_outcome.value,
                    risk_outcome=event.risk_outcome and event.risk_outcome.value,
                )
            )
        case EnquiryClosed():
            await _closed(conn, event, envelope.event_id)


async def _enquiry(conn: AsyncConnection, enquiry_id: UUID, **values: Any) -> None:
    """Set these columns of the enquiry's row, creating the row first if need be."""
    if conn.dialect.name == "postgresql":
        create: Any = pg_insert(report_enquiries).on_conflict_do_nothing()
    else:
        create = sqlite_insert(report_enquiries).on_conflict_do_nothing()
    await conn.execute(create.values(enquiry_id=enquiry_id, supported=False))
    await conn.execute(
        update(report_enquiries).where(report_enquiries.c.enquiry_id == enquiry_id).values(values)
    )


async def _closed(conn: AsyncConnection, event: EnquiryClosed, closure_id: UUID) -> None:
    e = report_enquiries.c
    state = (
        await conn.execute(
            select(e.opened_at, e.raised_at, e.capacity_rank, e.supported).where(
                e.enquiry_id == event.enquiry_id
            )
        )
    ).first()
    began: datetime | None = None
    rank, supported = NOT_ASSESSED, False
    if state is not None:
        began = state.raised_at or state.opened_at
        rank = NOT_ASSESSED if state.capacity_rank is None else state.capacity_rank
        supported = bool(state.supported)
    # The earlier closures of this enquiry are no longer its latest.
    for table in (report_closures, report_closure_risks):
        await conn.execute(
            update(table)
            .where(table.c.enquiry_id == event.enquiry_id, table.c.next_closed_at.is_(None))
            .values(next_closed_at=event.closed_at)
        )
    await conn.execute(
        insert(report_closures).values(
            closure_event_id=closure_id,
            enquiry_id=event.enquiry_id,
            lead_agency_id=event.lead_agency_id,
            closed_at=event.closed_at,
            next_closed_at=None,
            days_to_closure=None
            if began is None
            else (event.closed_at - began).total_seconds() / 86_400,
            capacity_rank=rank,
            supported=supported,
        )
    )
    r = report_risks.c
    await conn.execute(
        insert(report_closure_risks).from_select(
            [
                "closure_event_id",
                "risk_id",
                "enquiry_id",
                "lead_agency_id",
                "closed_at",
                *RISK_CODES,
            ],
            select(
                literal(closure_id, report_closures.c.closure_event_id.type),
                r.risk_id,
                r.enquiry_id,
                literal(event.lead_agency_id, report_closures.c.lead_agency_id.type),
                literal(event.closed_at, report_closures.c.closed_at.type),
                *(r[name] for name in RISK_CODES),
            ).where(r.enquiry_id == event.enquiry_id),
        )
    )
