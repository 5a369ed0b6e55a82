"""The service's background task: reminders, escalations and deliveries, swept in turn with
the injected clock, surviving its own errors."""

from __future__ import annotations

import asyncio

import structlog

from services.notifications.channels import senders_for
from services.notifications.commands.deliver_messages import deliver_due_messages
from services.notifications.commands.send_reminders import escalate_overdue, send_due_reminders
from shared.messaging.errors import describe
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)


async def sweep_once(runtime: ServiceRuntime) -> None:
    await send_due_reminders(runtime)
    await escalate_overdue(runtime)
    await deliver_due_messages(runtime, senders_for(runtime.settings))


async def sweep_forever(runtime: ServiceRuntime) -> None:
    """`ServiceDefinition.background` task."""
    while True:
        try:
            await sweep_once(runtime)
        except Exception as error:
            log.warning("notifications.sweep_failed", error=describe(error))
        await asyncio.sleep(runtime.settings.notifications_sweep_interval_s)
