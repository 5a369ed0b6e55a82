"""The consent ledger and the communication preferences, as intake recorded them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, delete, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.tables import consent_ledger, preferences
from shared.contracts.intake import (
    CommunicationPreferencesRecorded,
    ConsentRecorded,
    ConsentWithdrawn,
)
from shared.projections import Recorded


class ConsentLedger:
    name = "notifications_consent_ledger"
    handles = frozenset(
        {
            ConsentRecorded.event_type,
            ConsentWithdrawn.event_type,
            CommunicationPreferencesRecorded.event_type,
        }
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (consent_ledger, preferences)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            event, position = recorded.event, recorded.envelope.position
            if isinstance(event, ConsentRecorded):
                await conn.execute(
                    insert(consent_ledger).values(
                        event_id=recorded.envelope.event_id,
                        source_position=position,
                        enquiry_id=event.enquiry_id,
                        consent_id=event.consent_id,
                        recipient_agency_id=event.recipient_agency_id,
                        purpose=event.purpose,
                        status=event.decision.value,
                        decided_by=event.decided_by.value,
                        capacity_to_consent=event.capacity_to_consent,
                        kinds=list(event.information_kinds),
                        valid_until=event.valid_until,
                        decided_at=event.decided_at,
                    )
                )
            elif isinstance(event, ConsentWithdrawn):
                await conn.execute(
                    insert(consent_ledger).values(
                        event_id=recorded.envelope.event_id,
                        source_position=position,
                        enquiry_id=event.enquiry_id,
                        consent_id=event.consent_id,
                        recipient_agency_id=event.recipient_agency_id,
                        purpose=event.purpose,
                        status="withdrawn",
                        decided_by=event.decided_by.value,
                        capacity_to_consent=True,
                        kinds=[],
                        valid_until=None,
                        decided_at=event.withdrawn_at,
                    )
                )
            elif isinstance(event, CommunicationPreferencesRecorded):
                await conn.execute(
                    delete(preferences).where(preferences.c.enquiry_id == event.enquiry_id)
                )
                await conn.execute(
                    insert(preferences).values(
                        enquiry_id=event.enquiry_id,
                        preferences=event.preferences.model_dump(mode="json"),
                        recorded_at=event.recorded_at,
                    )
                )
