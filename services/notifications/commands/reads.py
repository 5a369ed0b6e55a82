"""What the use cases read before deciding: the lead, the consent ledger, the case file, the
person's preferences and addresses, and a disclosure's own history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select

from services.notifications.domain import disclosure as domain
from services.notifications.domain.ledger import LedgerEntry, to_policy
from services.notifications.domain.preferences import Addresses
from services.notifications.projections.case_file import SUPPORTER
from services.notifications.tables import case_file, consent_ledger, leads, preferences
from shared.contracts.intake import CommunicationPreferences
from shared.http.errors import NotFound
from shared.runtime import ServiceRuntime
from shared.sharing import ConsentDecision, InformationKind


@dataclass(frozen=True)
class Lead:
    agency_id: str
    practitioner_id: str


async def lead_of(runtime: ServiceRuntime, enquiry_id: UUID, *, agency_id: str) -> Lead:
    """The enquiry's lead, if the actor's agency leads it; otherwise 404 (not told apart)."""
    query = select(leads).where(leads.c.enquiry_id == enquiry_id)
    async with runtime.db.read() as conn:
        row = (await conn.execute(query)).mappings().one_or_none()
    if row is None or row["lead_agency_id"] != agency_id:
        raise NotFound
    return Lead(row["lead_agency_id"], row["lead_practitioner_id"])


async def lead_practitioner_of(runtime: ServiceRuntime, enquiry_id: UUID) -> str | None:
    """Who leads the enquiry now, whichever agency (for a task about a disclosure made earlier)."""
    query = select(leads.c.lead_practitioner_id).where(leads.c.enquiry_id == enquiry_id)
    async with runtime.db.read() as conn:
        practitioner: str | None = await conn.scalar(query)
    return practitioner


async def ledger_of(runtime: ServiceRuntime, enquiry_id: UUID) -> list[ConsentDecision]:
    query = (
        select(consent_ledger)
        .where(consent_ledger.c.enquiry_id == enquiry_id)
        .order_by(consent_ledger.c.source_position)
    )
    async with runtime.db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    return to_policy(
        [
            LedgerEntry(
                recipient_agency_id=row["recipient_agency_id"],
                purpose=row["purpose"],
                status=row["status"],
                decided_by=row["decided_by"],
                capacity_to_consent=row["capacity_to_consent"],
                kinds=tuple(row["kinds"]),
                valid_until=row["valid_until"],
                decided_at=row["decided_at"],
            )
            for row in rows
        ]
    )


async def case_file_of(runtime: ServiceRuntime, enquiry_id: UUID) -> dict[str, Any]:
    query = select(case_file.c.kind, case_file.c.content).where(
        case_file.c.enquiry_id == enquiry_id
    )
    async with runtime.db.read() as conn:
        return dict((await conn.execute(query)).all())


def content_from(case: dict[str, Any]) -> domain.ContentOf:
    """Only the kinds asked for, each as recorded ("not recorded" where nothing is)."""

    def content_of(kinds: frozenset[InformationKind]) -> dict[str, Any]:
        return {kind.value: case.get(kind.value, {"not_recorded": True}) for kind in kinds}

    return content_of


async def reach_of(
    runtime: ServiceRuntime, enquiry_id: UUID, case: dict[str, Any]
) -> tuple[CommunicationPreferences | None, Addresses]:
    query = select(preferences.c.preferences).where(preferences.c.enquiry_id == enquiry_id)
    async with runtime.db.read() as conn:
        raw = await conn.scalar(query)
    prefs = CommunicationPreferences.model_validate(raw) if raw is not None else None
    supporter = case.get(SUPPORTER) or {}
    addresses = Addresses(
        person=(case.get(InformationKind.CONTACT_DETAILS.value) or {}).get("contact"),
        supporter=supporter.get("contact"),
        supporter_name=supporter.get("name"),
    )
    return prefs, addresses


async def load_disclosure(
    runtime: ServiceRuntime, disclosure_id: UUID, *, agency_id: str
) -> domain.Disclosure:
    """The disclosure, if the actor's agency leads it; otherwise 404."""
    envelopes = await runtime.store.load(domain.stream_of(disclosure_id))
    state = domain.fold([runtime.definition.registry.decode(e) for e in envelopes])
    if state is None or state.lead_agency_id != agency_id:
        raise NotFound
    return state
