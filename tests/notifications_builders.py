"""Builders for the notifications tests: intake's and outcomes' facts, and a way to hand them
to the service's consumer groups exactly as its consumers would (the real appliers)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from shared.codes import AgeBand, ConsentDecidedBy, ConsentDecision, ContactMethod
from shared.contracts import intake
from shared.events import DomainEvent, EventEnvelope
from shared.runtime import ServiceRuntime
from shared.sharing import InformationKind, Purpose
from tests.support import an_actor

POSITIONS = itertools.count(1)
LEAD = an_actor(agency="adult-social-care", user="practitioner-1")


def an_envelope(event: DomainEvent, *, occurred_at: datetime | None = None) -> EventEnvelope:
    number = next(POSITIONS)
    return EventEnvelope(
        event_id=uuid.uuid4(),
        event_type=event.event_type,
        schema_version=event.schema_version,
        stream_id=str(getattr(event, "enquiry_id", "")),
        version=number,
        position=number,
        occurred_at=occurred_at or datetime.now(UTC),
        actor=LEAD,
        correlation_id=str(uuid.uuid4()),
        payload=event.model_dump(mode="json"),
    )


async def receive(
    runtime: ServiceRuntime, *events: DomainEvent, occurred_at: datetime | None = None
) -> list[EventEnvelope]:
    """Apply facts through every consumer group of their source, as the consumers would."""
    envelopes = [an_envelope(e, occurred_at=occurred_at) for e in events]
    for source in {e.service for e in envelopes}:
        mine = [e for e in envelopes if e.service == source]
        for subscription in runtime.definition.subscriptions:
            if subscription.source == source:
                await runtime.applier_for(subscription).apply(mine)
    return envelopes


def an_enquiry(
    enquiry_id: uuid.UUID, *, at: datetime, contact: str | None = "joyce@example.org"
) -> list[DomainEvent]:
    return [
        intake.EnquiryOpened(
            enquiry_id=enquiry_id,
            lead_agency_id=LEAD.agency_id,
            lead_practitioner_id=LEAD.user_id,
            opened_at=at,
        ),
        intake.ConcernRaised(
            enquiry_id=enquiry_id,
            referrer=intake.Referrer(name="Pat Jones", role="Community nurse"),
            raised_at=at,
            what_happened="He keeps asking me for money. I don't like to say no.",
            person=intake.Person(name="Joyce", date_of_birth=date(1941, 3, 14), contact=contact),
            age_band=AgeBand.AGE_85_94,
            alleged_source_of_harm=intake.AllegedSourceOfHarm(relationship="neighbour"),
        ),
    ]


def preferences(enquiry_id: uuid.UUID, *, at: datetime, **changes: Any) -> DomainEvent:
    values: dict[str, Any] = {"contact_allowed": [ContactMethod.EMAIL]}
    values.update(changes)
    return intake.CommunicationPreferencesRecorded(
        enquiry_id=enquiry_id,
        preferences=intake.CommunicationPreferences(**values),
        recorded_at=at,
    )


def consent(
    enquiry_id: uuid.UUID,
    *,
    agency: str,
    purpose: Purpose,
    kinds: Iterable[InformationKind] = (),
    at: datetime,
    given: bool = True,
    decided_by: ConsentDecidedBy = ConsentDecidedBy.PERSON,
    capacity: bool = True,
    valid_until: date | None = None,
    consent_id: uuid.UUID | None = None,
) -> intake.ConsentRecorded:
    return intake.ConsentRecorded(
        enquiry_id=enquiry_id,
        consent_id=consent_id or uuid.uuid4(),
        recipient_agency_id=agency,
        purpose=purpose.value,
        decision=ConsentDecision.GIVEN if given else ConsentDecision.REFUSED,
        decided_by=decided_by,
        capacity_to_consent=capacity,
        information_kinds=[k.value for k in kinds] if given else [],
        valid_until=valid_until,
        decided_at=at,
    )


def withdrawal(
    enquiry_id: uuid.UUID, *, agency: str, purpose: Purpose, at: datetime
) -> intake.ConsentWithdrawn:
    return intake.ConsentWithdrawn(
        enquiry_id=enquiry_id,
        consent_id=uuid.uuid4(),
        recipient_agency_id=agency,
        purpose=purpose.value,
        decided_by=ConsentDecidedBy.PERSON,
        withdrawn_at=at,
    )
