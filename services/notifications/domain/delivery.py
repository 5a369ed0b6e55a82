"""What an attempt's result records: sent; or failed, to be retried after a back-off that
doubles each time; or, after the last attempt, dead-lettered with the reason."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from shared.contracts.notifications import DeliveryFailed, MessageSent
from shared.events import DomainEvent


def delivery_stream(message_id: UUID) -> str:
    return f"delivery-{message_id}"


def backoff(attempt: int, base_s: float) -> timedelta:
    return timedelta(seconds=base_s * 2 ** (attempt - 1))


def attempt_result(
    *,
    message_id: UUID,
    channel: str,
    attempt: int,
    error: str | None,
    max_attempts: int,
    retry_base_s: float,
    now: datetime,
) -> DomainEvent:
    if error is None:
        return MessageSent(message_id=message_id, channel=channel, attempt=attempt, sent_at=now)
    last = attempt >= max_attempts
    return DeliveryFailed(
        message_id=message_id,
        channel=channel,
        attempt=attempt,
        reason=error,
        retry_at=None if last else now + backoff(attempt, retry_base_s),
        dead_lettered=last,
        failed_at=now,
    )
