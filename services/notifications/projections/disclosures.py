"""Disclosures, the recipient agencies' inbox and the sharing log, from notifications' own
events in the append's transaction. The log keeps one row per decision: requested, blocked,
override requested, overridden, shared, withheld (one per kind held back) and viewed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.tables import agency_inbox, disclosures, sharing_log
from shared.contracts.notifications import (
    DisclosureRequested,
    DisclosureViewed,
    InformationShared,
    OverrideRequested,
    SharingBlocked,
    SharingOverridden,
)
from shared.projections import Recorded


class Disclosures:
    name = "notifications_disclosures"
    handles = frozenset(
        t.event_type
        for t in (
            DisclosureRequested,
            SharingBlocked,
            OverrideRequested,
            SharingOverridden,
            InformationShared,
            DisclosureViewed,
        )
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (disclosures, agency_inbox, sharing_log)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            await self._apply_one(conn, recorded)

    async def _apply_one(self, conn: AsyncConnection, recorded: Recorded) -> None:
        event, envelope = recorded.event, recorded.envelope
        log: dict[str, Any] = {
            "position": envelope.position,
            "seq": 0,
            "who": envelope.actor.user_id,
            "agency_id": envelope.actor.agency_id,
            "at": envelope.occurred_at,
        }
        if isinstance(event, DisclosureRequested):
            await conn.execute(
                insert(disclosures).values(
                    disclosure_id=event.disclosure_id,
                    enquiry_id=event.enquiry_id,
                    lead_agency_id=event.lead_agency_id,
                    recipient_agency_id=event.recipient_agency_id,
                    purpose=event.purpose,
                    kinds=event.kinds,
                    stage="requested",
                    requested_by=event.requested_by,
                    requested_at=event.requested_at,
                )
            )
            await _log(conn, log, _about(event), "requested", event.kinds, None)
            return
        assert isinstance(
            event,
            SharingBlocked
            | OverrideRequested
            | SharingOverridden
            | InformationShared
            | DisclosureViewed,
        )
        row = await _disclosure(conn, event.disclosure_id)
        if isinstance(event, SharingBlocked):
            await _stage(conn, event.disclosure_id, "blocked", event.reason)
            await _log(conn, log, row, "blocked", row["kinds"], event.reason)
        elif isinstance(event, OverrideRequested):
            await _stage(conn, event.disclosure_id, "override_requested", None)
            why = f"{event.ground}: {event.narrative}"
            await _log(conn, log, row, "override requested", row["kinds"], why)
        elif isinstance(event, SharingOverridden):
            await _stage(conn, event.disclosure_id, "override_approved", None)
            told = event.person_told or f"not told: {event.why_not_told}"
            why = f"{event.ground}: {event.narrative} (requested by {event.requested_by}; {told})"
            await _log(conn, log, row, "overridden", row["kinds"], why)
        elif isinstance(event, InformationShared):
            await self._shared(conn, log, row, event)
        elif isinstance(event, DisclosureViewed):
            await _log(conn, log, row, "viewed", row["kinds"], None)

    async def _shared(
        self,
        conn: AsyncConnection,
        log: dict[str, Any],
        row: dict[str, Any],
        event: InformationShared,
    ) -> None:
        await _stage(conn, event.disclosure_id, "shared", None)
        await conn.execute(
            insert(agency_inbox).values(
                disclosure_id=event.disclosure_id,
                recipient_agency_id=event.recipient_agency_id,
                enquiry_id=event.enquiry_id,
                from_agency_id=event.lead_agency_id,
                purpose=event.purpose,
                kinds=event.kinds,
                basis=event.basis,
                content=event.content,
                shared_at=event.shared_at,
            )
        )
        await _log(conn, log, row, "shared", event.kinds, f"on {event.basis}")
        for seq, (kind, why) in enumerate(sorted(event.withheld.items()), start=1):
            await _log(conn, {**log, "seq": seq}, row, "withheld", [kind], why)


def _about(event: DisclosureRequested) -> dict[str, Any]:
    return {
        "enquiry_id": event.enquiry_id,
        "disclosure_id": event.disclosure_id,
        "recipient_agency_id": event.recipient_agency_id,
        "purpose": event.purpose,
    }


async def _disclosure(conn: AsyncConnection, disclosure_id: object) -> dict[str, Any]:
    query = select(disclosures).where(disclosures.c.disclosure_id == disclosure_id)
    return dict((await conn.execute(query)).mappings().one())


async def _stage(
    conn: AsyncConnection, disclosure_id: object, stage: str, reason: str | None
) -> None:
    await conn.execute(
        update(disclosures)
        .where(disclosures.c.disclosure_id == disclosure_id)
        .values(stage=stage, reason=reason)
    )


async def _log(
    conn: AsyncConnection,
    entry: dict[str, Any],
    about: dict[str, Any],
    decision: str,
    kinds: list[str],
    why: str | None,
) -> None:
    keys = ("enquiry_id", "disclosure_id", "recipient_agency_id", "purpose")
    values = {key: about[key] for key in keys}
    await conn.execute(
        insert(sharing_log).values(**entry, **values, decision=decision, kinds=kinds, why=why)
    )
