"""The envelope and the registry: typed payloads, upcast on read."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import Field

from shared.contracts.intake import EnquiryOpened
from shared.events import DomainEvent, EventEnvelope, EventRegistry, UnknownEventType
from tests.support import an_actor

pytestmark = pytest.mark.unit


class NameChanged(DomainEvent):
    event_type = "test.NameChanged"
    schema_version = 3

    display_name: str = Field(description="v3: renamed from `label`, which v1 called `title`")
    source: str


def an_envelope(event_type: str, payload: dict[str, Any], schema_version: int = 1) -> EventEnvelope:
    return EventEnvelope(
        event_id=uuid.uuid4(),
        event_type=event_type,
        schema_version=schema_version,
        stream_id="s-1",
        version=1,
        position=1,
        occurred_at=datetime.now(UTC),
        actor=an_actor(),
        correlation_id="c-1",
        payload=payload,
    )


def test_a_payload_written_long_ago_is_upcast_step_by_step_when_read() -> None:
    registry = EventRegistry([NameChanged])
    registry.upcaster("test.NameChanged", 1)(lambda p: {"label": p["title"]})
    registry.upcaster("test.NameChanged", 2)(
        lambda p: {"display_name": p["label"], "source": "upcast"}
    )

    event = registry.decode(an_envelope("test.NameChanged", {"title": "x"}, schema_version=1))

    assert event == NameChanged(display_name="x", source="upcast")


def test_a_current_payload_is_read_as_it_is() -> None:
    registry = EventRegistry([EnquiryOpened])
    enquiry_id = uuid.uuid4()
    payload = {
        "enquiry_id": str(enquiry_id),
        "lead_agency_id": "police",
        "lead_practitioner_id": "p-1",
        "opened_at": "2026-11-26T10:00:00Z",
    }

    event = registry.decode(an_envelope("intake.EnquiryOpened", payload))

    assert isinstance(event, EnquiryOpened)
    assert event.enquiry_id == enquiry_id


def test_a_missing_upcaster_is_an_error_not_a_silent_guess() -> None:
    registry = EventRegistry([NameChanged])
    with pytest.raises(LookupError, match="no upcaster"):
        registry.decode(an_envelope("test.NameChanged", {"title": "x"}))


def test_an_unknown_event_type_is_named() -> None:
    with pytest.raises(UnknownEventType, match=r"test\.Nope"):
        EventRegistry().decode(an_envelope("test.Nope", {}))


def test_two_models_cannot_claim_one_event_type() -> None:
    class Imposter(DomainEvent):
        event_type = "intake.EnquiryOpened"

    registry = EventRegistry([EnquiryOpened])
    with pytest.raises(ValueError, match="already registered"):
        registry.register(Imposter)


def test_events_are_frozen_facts() -> None:
    event = NameChanged(display_name="a", source="b")
    with pytest.raises(ValueError, match="frozen"):
        event.display_name = "changed"  # type: ignore[misc]
