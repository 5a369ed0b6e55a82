"""Background work: deliver what is queued and due, on its channel, and record the result in
`delivery-<message id>` at the version the attempt number implies — so two replicas cannot both
record an attempt.

Before sending, a replica claims the attempt in Redis (`SET NX` with an expiry): two replicas
that read the same queued row never both send it. Only a replica that dies between sending and
recording leaves the claim to expire, and then the message may go twice: external channels are
at least once in a crash, never in ordinary running."""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy import select

from services.notifications.channels import DeliveryError, Outgoing, Sender
from services.notifications.domain.delivery import attempt_result, delivery_stream
from services.notifications.tables import messages
from shared.auth import SYSTEM_ACTOR
from shared.eventstore.errors import ConcurrencyError
from shared.messaging.errors import describe
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)


async def deliver_due_messages(runtime: ServiceRuntime, senders: dict[str, Sender]) -> int:
    """One sweep; how many attempts this replica recorded."""
    now = runtime.clock.now()
    query = (
        select(messages)
        .where(messages.c.status == "queued", messages.c.next_attempt_at <= now)
        .order_by(messages.c.next_attempt_at)
        .limit(200)
    )
    async with runtime.db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    settings, recorded = runtime.settings, 0
    for row in rows:
        outgoing = Outgoing(
            message_id=row["message_id"],
            channel=row["channel"],
            recipient_kind=row["recipient_kind"],
            recipient_id=row["recipient_id"],
            address=row["address"],
            subject=row["subject"],
            body=row["body"],
            easy_read=row["easy_read"],
            pictures=row["pictures"],
        )
        attempt = row["attempts"] + 1
        if not await _claim(runtime, outgoing.message_id, attempt):
            continue  # another replica is sending this attempt
        error = await _send(senders, outgoing)
        event = attempt_result(
            message_id=outgoing.message_id,
            channel=outgoing.channel,
            attempt=attempt,
            error=error,
            max_attempts=settings.notifications_max_attempts,
            retry_base_s=settings.notifications_retry_base_s,
            now=runtime.clock.now(),
        )
        try:
            await runtime.store.append(
                delivery_stream(outgoing.message_id),
                attempt - 1,
                [event],
                actor=SYSTEM_ACTOR,
                correlation_id=str(uuid.uuid4()),
            )
        except ConcurrencyError:
            continue
        recorded += 1
        log.info(
            "notifications.delivery_attempt",
            message_id=str(outgoing.message_id),
            channel=outgoing.channel,
            attempt=attempt,
            failed=error is not None,
        )
    return recorded


CLAIM_SECONDS = 300


async def _claim(runtime: ServiceRuntime, message_id: uuid.UUID, attempt: int) -> bool:
    key = f"msp.notifications.sending.{message_id}.{attempt}"
    claimed = await runtime.redis.set(key, runtime.settings.replica, nx=True, ex=CLAIM_SECONDS)
    return bool(claimed)


async def _send(senders: dict[str, Sender], outgoing: Outgoing) -> str | None:
    sender = senders.get(outgoing.channel)
    if sender is None:
        return f"no sender for channel {outgoing.channel}"
    try:
        await sender.send(outgoing)
    except DeliveryError as error:
        return str(error)
    except Exception as error:  # a channel's own bug must not stop the others
        return describe(error)
    return None
