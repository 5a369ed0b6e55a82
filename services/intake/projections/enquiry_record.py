"""The enquiry record: each enquiry's folded state, plus its risks for the caseload's filter."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any
from uuid import UUID

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.intake.domain.state import EnquiryState, fold
from services.intake.tables import enquiries, risks
from shared.contracts import intake as ev
from shared.eventstore.bulk import insert_rows
from shared.projections import Recorded

RECORD_EVENTS = frozenset(t.event_type for t in ev.EVENTS if t is not ev.EnquiryRecordViewed)


class EnquiryRecord:
    name = "intake_enquiry_record"
    handles = RECORD_EVENTS

    @property
    def tables(self) -> Sequence[Table]:
        return (enquiries, risks)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        ordered = sorted(events, key=lambda r: (r.envelope.stream_id, r.envelope.version))
        streams = {
            UUID(stream): list(group)
            for stream, group in groupby(ordered, key=lambda r: r.envelope.stream_id)
        }
        # One read for the whole transaction's enquiries, one insert for the new ones: statement
        # count dominates SQL cost (DESIGN.md 8), and a burst of openings arrives together. A
        # stream whose events here start at version 1 has no row yet (its row is written in the
        # transaction that appends its first event), so only the others are read.
        known = [enquiry_id for enquiry_id, rs in streams.items() if rs[0].envelope.version > 1]
        existing: dict[UUID, Any] = {}
        if known:
            query = select(enquiries.c.enquiry_id, enquiries.c.detail).where(
                enquiries.c.enquiry_id.in_(known)
            )
            existing = {row[0]: row[1] for row in await conn.execute(query)}
        new_rows: list[dict[str, Any]] = []
        new_risks: list[dict[str, Any]] = []
        for enquiry_id, recorded in streams.items():
            before = existing.get(enquiry_id)
            start = EnquiryState.model_validate(before) if before is not None else None
            state = fold((r.event for r in recorded), start=start)
            if state is None:
                continue
            new_risks.extend(
                _risk_row(enquiry_id, r.event)
                for r in recorded
                if isinstance(r.event, ev.RiskIdentified)
            )
            values = _row(state, recorded[-1])
            if before is None:
                new_rows.append(values)
            else:
                await conn.execute(
                    update(enquiries).where(enquiries.c.enquiry_id == enquiry_id).values(values)
                )
        if new_rows:
            await insert_rows(conn, enquiries, new_rows)
        if new_risks:
            await conn.execute(insert(risks), new_risks)


def _risk_row(enquiry_id: UUID, risk: ev.RiskIdentified) -> dict[str, Any]:
    return {
        "risk_id": risk.risk_id,
        "enquiry_id": enquiry_id,
        "risk_type": risk.risk_type.value,
        "location": risk.location.value,
        "source": risk.source.value,
    }


def _row(state: EnquiryState, last: Recorded) -> dict[str, Any]:
    need = state.open_advocacy_need
    return {
        "enquiry_id": state.enquiry_id,
        "lead_agency_id": state.lead_agency_id,
        "lead_practitioner_id": state.lead_practitioner_id,
        "status": state.status.value,
        "opened_at": state.opened_at,
        "person_name": state.concern.person.name if state.concern else None,
        "section_42_result": state.section_42.result.value if state.section_42 else None,
        "advocate_needed_since": need.identified_at if need else None,
        "advocate_chased": bool(need and need.chased_at),
        "ica_outstanding": state.ica_outstanding,
        "timescales_paused": state.timescales_paused,
        "next_check_on": state.monitoring.next_check_on if state.monitoring else None,
        "pending_transfer_to": (
            state.pending_transfer.to_agency_id if state.pending_transfer else None
        ),
        "version": state.version,
        "last_changed_at": last.envelope.occurred_at,
        "detail": state.model_dump(mode="json"),
    }
