"""The stream entry format the relay writes and the consumers read: FastStream's own."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from faststream.redis.parser.binary import BinaryMessageFormatV1

from shared.contracts.intake import EnquiryOpened
from shared.events import EventEnvelope
from shared.messaging import wire
from tests.support import an_actor

pytestmark = pytest.mark.unit


def an_opened_envelope(words: str = "plain") -> EventEnvelope:
    enquiry_id = uuid.uuid4()
    return EventEnvelope(
        event_id=uuid.uuid4(),
        event_type=EnquiryOpened.event_type,
        schema_version=1,
        stream_id=str(enquiry_id),
        version=1,
        position=7,
        occurred_at=datetime.now(UTC),
        actor=an_actor(),
        correlation_id=f"corr-{words}",
        payload={"enquiry_id": str(enquiry_id), "note": words},
    )


async def faststream_encoding(envelope: EventEnvelope) -> bytes:
    return await BinaryMessageFormatV1.encode(
        message=envelope.model_dump_json().encode(),
        reply_to=None,
        headers={
            "content-type": "application/json",
            "message_id": str(envelope.event_id),
            "event_type": envelope.event_type,
        },
        correlation_id=envelope.correlation_id,
    )


async def test_an_entry_is_byte_for_byte_what_faststreams_own_encoder_writes() -> None:
    envelope = an_opened_envelope()

    assert wire.entry_data(envelope) == await faststream_encoding(envelope)


def test_faststream_reads_the_envelope_and_its_headers_back() -> None:
    envelope = an_opened_envelope("Elle a dit « non » — 🙂")  # the person's words, verbatim

    body, headers = BinaryMessageFormatV1.parse(wire.entry_data(envelope))

    assert EventEnvelope.model_validate_json(body) == envelope
    assert headers == {
        "correlation_id": envelope.correlation_id,
        "content-type": "application/json",
        "message_id": str(envelope.event_id),
        "event_type": envelope.event_type,
    }


def test_the_body_is_found_in_the_binary_format_and_in_faststreams_older_json_format() -> None:
    envelope = an_opened_envelope()
    body = envelope.model_dump_json().encode()
    older = json.dumps({"data": body.decode(), "headers": {"correlation_id": "c"}}).encode()

    assert wire.body_of(wire.entry_data(envelope)) == body
    assert wire.body_of(older) == body
    assert wire.decode({wire.DATA_FIELD: wire.entry_data(envelope)}) == envelope


def test_an_entry_without_the_data_field_is_refused_as_unreadable() -> None:
    with pytest.raises(ValueError, match="__data__"):
        wire.envelope_from_body(None)
