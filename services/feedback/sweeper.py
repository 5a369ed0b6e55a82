"""The service's background work: act on new closures and expire overdue requests, forever.

Started by the runtime after the broker (`ServiceDefinition.background`), cancelled first at
stop. Each round survives its own errors. Two replicas may run it at once: every append states
the version it decided on, so a second one never publishes twice.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import structlog

from services.feedback.commands.expire_overdue_requests import expire_overdue_requests
from services.feedback.commands.when_enquiry_closed_request_feedback import (
    request_feedback_for_new_closures,
)
from shared.messaging.errors import describe
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)


BATCH = 200


async def sweep_once(runtime: ServiceRuntime) -> tuple[int, int]:
    due_within = timedelta(weeks=runtime.settings.feedback_due_weeks)
    requested = await request_feedback_for_new_closures(runtime, due_within=due_within, limit=BATCH)
    expired = await expire_overdue_requests(runtime, limit=BATCH)
    return requested, expired


async def feedback_sweeper(runtime: ServiceRuntime) -> None:
    while True:
        busy = False
        try:
            requested, expired = await sweep_once(runtime)
            if requested or expired:
                log.info("feedback.swept", closures_decided=requested, requests_expired=expired)
            # A full batch means more may be waiting (a backlog after a pause): go on at once.
            busy = requested >= BATCH or expired >= BATCH
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.error("feedback.sweep_failed", error=describe(error))
        await asyncio.sleep(0 if busy else runtime.settings.feedback_sweep_interval_s)
