"""Builders for the outcomes tests: intake's facts fed to outcomes as its consumer would apply
them, request bodies, and awkward words."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime
from typing import Any

from services.outcomes.app import DEFINITION as OUTCOMES
from shared.auth import SYSTEM_ACTOR
from shared.contracts import intake
from shared.events import DomainEvent, EventEnvelope
from shared.runtime import ServiceDefinition, ServiceRuntime

# Without its background sweeper: tests sweep when they choose, with the clock they set.
OUTCOMES_UNSWEPT: ServiceDefinition = dataclasses.replace(OUTCOMES, background=())

AWKWARD_WORDS = (
    'I want "him" to stop — now!',
    "  leading and trailing spaces, and\ttabs  ",
    "line one\nline two\r\nline three",
    "Dw i eisiau teimlo'n ddiogel yn fy nghartref fy hun; ŵ ŷ â ê î ô û",
    "I'm scared 😢 but I want my cat 🐈 to stay with me",
    "'single' and \"double\" and `back` quotes, <b>not html</b> & ampersands; DROP TABLE",
    "combining e\u0301 and precomposed \u00e9 are different",
    "\u200bzero width space and non\u00a0breaking",
)


def an_intake_fact(
    event: DomainEvent, *, version: int, position: int | None = None
) -> EventEnvelope:
    enquiry_id = event.enquiry_id  # type: ignore[attr-defined]
    return EventEnvelope(
        event_id=uuid.uuid4(),
        event_type=event.event_type,
        schema_version=event.schema_version,
        stream_id=str(enquiry_id),
        version=version,
        position=position or version,
        occurred_at=datetime.now(UTC),
        actor=SYSTEM_ACTOR,
        correlation_id=str(uuid.uuid4()),
        payload=event.model_dump(mode="json"),
    )


async def receive(runtime: ServiceRuntime, *envelopes: EventEnvelope) -> None:
    """Apply intake's facts exactly as the `outcomes.leads` group does (inbox and all)."""
    (leads,) = [s for s in runtime.definition.subscriptions if s.purpose == "leads"]
    await runtime.applier_for(leads).apply(envelopes)


async def an_enquiry_led_by(
    runtime: ServiceRuntime, agency: str = "adult-social-care", practitioner: str = "practitioner-1"
) -> uuid.UUID:
    enquiry_id = uuid.uuid4()
    opened = intake.EnquiryOpened(
        enquiry_id=enquiry_id,
        lead_agency_id=agency,
        lead_practitioner_id=practitioner,
        opened_at=datetime.now(UTC),
    )
    await receive(runtime, an_intake_fact(opened, version=1))
    return enquiry_id


def an_outcome(version: int, **overrides: Any) -> dict[str, Any]:
    return {
        "expected_version": version,
        "words": "I want to feel safe in my own home",
        "expressed_by": "person",
        **overrides,
    }


def an_action(version: int, outcome_id: str, due_on: date, **overrides: Any) -> dict[str, Any]:
    return {
        "expected_version": version,
        "outcome_id": outcome_id,
        "what": "Change the locks",
        "owner": "agency",
        "owner_agency_id": "housing",
        "due_on": due_on.isoformat(),
        "report_back": "a phone call to the person each Friday",
        **overrides,
    }
