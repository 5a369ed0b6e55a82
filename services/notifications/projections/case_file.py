"""What a disclosure can draw on, by kind of information, and who leads each enquiry.

Only what the kinds name is ever copied out (the disclosure keeps nothing else); the supporter's
contact, kept for reaching the person through them, is under `_supporter` and never disclosed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.tables import case_file, leads
from shared.contracts.intake import (
    AdvocateAppointed,
    CapacityAssessed,
    CommunicationPreferencesRecorded,
    ConcernRaised,
    EnquiryClosed,
    EnquiryOpened,
    EnquiryReopened,
    LeadTransferred,
    RiskIdentified,
)
from shared.contracts.outcomes import DesiredOutcomeRecorded
from shared.events import DomainEvent
from shared.projections import Recorded
from shared.sharing import InformationKind as K

SUPPORTER = "_supporter"


class CaseFile:
    name = "notifications_case_file"
    handles = frozenset(
        t.event_type
        for t in (
            ConcernRaised,
            RiskIdentified,
            CapacityAssessed,
            AdvocateAppointed,
            CommunicationPreferencesRecorded,
            DesiredOutcomeRecorded,
            EnquiryOpened,
            LeadTransferred,
            EnquiryClosed,
            EnquiryReopened,
        )
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (case_file, leads)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            await self._apply_one(conn, recorded.event)

    async def _apply_one(self, conn: AsyncConnection, event: DomainEvent) -> None:
        if isinstance(event, EnquiryOpened):
            await conn.execute(
                insert(leads).values(
                    enquiry_id=event.enquiry_id,
                    lead_agency_id=event.lead_agency_id,
                    lead_practitioner_id=event.lead_practitioner_id,
                    closed=False,
                )
            )
        elif isinstance(event, LeadTransferred):
            await conn.execute(
                update(leads)
                .where(leads.c.enquiry_id == event.enquiry_id)
                .values(
                    lead_agency_id=event.lead_agency_id,
                    lead_practitioner_id=event.lead_practitioner_id,
                )
            )
        elif isinstance(event, EnquiryClosed | EnquiryReopened):
            closed = isinstance(event, EnquiryClosed)
            await conn.execute(
                update(leads).where(leads.c.enquiry_id == event.enquiry_id).values(closed=closed)
            )
        elif isinstance(event, ConcernRaised):
            person = event.person
            await _put(
                conn,
                event.enquiry_id,
                K.IDENTITY,
                {
                    "name": person.name,
                    "date_of_birth": person.date_of_birth.isoformat(),
                    "gender": person.gender,
                },
            )
            await _put(conn, event.enquiry_id, K.CONTACT_DETAILS, {"contact": person.contact})
            source = event.alleged_source_of_harm
            await _put(
                conn,
                event.enquiry_id,
                K.ALLEGATION,
                {
                    "what_happened": event.what_happened,
                    "alleged_source_of_harm": source.model_dump(mode="json") if source else None,
                },
            )
        elif isinstance(event, RiskIdentified):
            await _append(
                conn,
                event.enquiry_id,
                K.RISKS,
                "risks",
                {
                    "risk_type": event.risk_type.value,
                    "location": event.location.value,
                    "source": event.source.value,
                },
            )
        elif isinstance(event, CapacityAssessed):
            await _append(
                conn,
                event.enquiry_id,
                K.CAPACITY_AND_ADVOCACY,
                "capacity",
                {
                    "decision": event.decision,
                    "outcome": event.outcome.value,
                    "assessed_on": event.assessed_on.isoformat(),
                },
            )
        elif isinstance(event, AdvocateAppointed):
            advocate = event.advocate
            await _append(
                conn,
                event.enquiry_id,
                K.CAPACITY_AND_ADVOCACY,
                "advocates",
                {
                    "kind": advocate.kind.value,
                    "name": advocate.name,
                    "organisation": advocate.organisation,
                },
            )
            await _put(
                conn,
                event.enquiry_id,
                SUPPORTER,
                {
                    "name": advocate.name,
                    "contact": advocate.contact,
                },
            )
        elif isinstance(event, CommunicationPreferencesRecorded):
            await _put(
                conn,
                event.enquiry_id,
                K.COMMUNICATION_PREFERENCES,
                event.preferences.model_dump(mode="json"),
            )
        elif isinstance(event, DesiredOutcomeRecorded):
            await _append(
                conn,
                event.enquiry_id,
                K.DESIRED_OUTCOMES,
                "outcomes",
                {
                    "words": event.words,
                    "expressed_by": event.expressed_by,
                    "kind": event.kind,
                },
            )


async def _put(conn: AsyncConnection, enquiry_id: UUID, kind: str, content: dict[str, Any]) -> None:
    where = (case_file.c.enquiry_id == enquiry_id) & (case_file.c.kind == kind)
    await conn.execute(delete(case_file).where(where))
    await conn.execute(insert(case_file).values(enquiry_id=enquiry_id, kind=kind, content=content))


async def _append(
    conn: AsyncConnection, enquiry_id: UUID, kind: str, key: str, item: dict[str, Any]
) -> None:
    where = (case_file.c.enquiry_id == enquiry_id) & (case_file.c.kind == kind)
    current = await conn.scalar(select(case_file.c.content).where(where))
    content: dict[str, Any] = dict(current or {})
    content[key] = [*content.get(key, []), item]
    await _put(conn, enquiry_id, kind, content)
