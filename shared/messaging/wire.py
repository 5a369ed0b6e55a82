"""The bytes an event is on a stream: FastStream's own binary format, so that its batch
subscriber accepts what the relay writes with redis-py inside MULTI/EXEC."""

from __future__ import annotations

from typing import Any

from faststream.redis.parser.binary import BinaryMessageFormatV1

from shared.events import EventEnvelope

DATA_FIELD = b"__data__"


async def encode(envelope: EventEnvelope) -> dict[bytes, bytes]:
    """The stream entry fields for one event."""
    data = await BinaryMessageFormatV1.encode(
        message=envelope.model_dump_json().encode(),
        reply_to=None,
        headers={
            "content-type": "application/json",
            "message_id": str(envelope.event_id),
            "event_type": envelope.event_type,
        },
        correlation_id=envelope.correlation_id,
    )
    return {DATA_FIELD: data}


def decode(fields: dict[bytes, bytes]) -> EventEnvelope:
    """The envelope inside stream entry fields (as read with redis-py)."""
    body, _headers = BinaryMessageFormatV1.parse(fields[DATA_FIELD])
    return EventEnvelope.model_validate_json(body)


def envelope_from_body(body: Any) -> EventEnvelope:
    """The envelope from a body FastStream already decoded from JSON."""
    if isinstance(body, bytes | str):
        return EventEnvelope.model_validate_json(body)
    return EventEnvelope.model_validate(body)
