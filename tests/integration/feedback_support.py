"""Builders for the feedback tests: a closed enquiry in intake's store, feedback served with a
clock the test moves, tokens issued on that clock."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import httpx
from sqlalchemy import select

from services.feedback.app import DEFINITION as FEEDBACK
from services.intake.app import DEFINITION as INTAKE
from shared.auth import Actor, TokenService
from shared.clock import FixedClock
from shared.codes import ClosureReason
from shared.contracts.intake import EnquiryClosed, EnquiryOpened, EnquiryReopened
from shared.events import DomainEvent, EventEnvelope
from shared.eventstore.schema import events as events_table
from shared.eventstore.store import envelope_from_row
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.support import a_correlation_id, an_actor, eventually, migrate, running, serving

LEAD = an_actor(user="practitioner-lead")
COLLEAGUE = an_actor(user="practitioner-colleague")
POLICE = an_actor(agency="police", user="officer-1")


def a_clock() -> FixedClock:
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


def quick(settings: Settings) -> Settings:
    return settings.model_copy(update={"feedback_sweep_interval_s": 0.05})


def bearer_at(settings: Settings, clock: FixedClock, actor: Actor = COLLEAGUE) -> dict[str, str]:
    """A token still valid at `clock`'s time: issued now (PyJWT refuses an `iat` in the future)
    and lasting past the test clock's furthest move."""
    lasting = (clock.now() - datetime.now(UTC)) + timedelta(minutes=5)
    tokens = TokenService(settings.signing_key, ttl=max(lasting, timedelta(minutes=5)))
    return {"Authorization": f"Bearer {tokens.issue(actor)}"}


@asynccontextmanager
async def served_feedback(
    settings: Settings, clock: FixedClock
) -> AsyncIterator[tuple[str, ServiceRuntime]]:
    """Feedback over real HTTP on a free port, its runtime on `clock`."""
    await migrate(FEEDBACK, settings)
    runtime = ServiceRuntime(FEEDBACK, quick(settings), clock=clock)
    async with serving(runtime.http_app()) as url:
        yield url, runtime


async def close_an_enquiry(
    intake: ServiceRuntime,
    *,
    enquiry_id: uuid.UUID | None = None,
    lead: Actor = LEAD,
    closed_at: datetime | None = None,
    opened: bool = False,
    version: int = 0,
) -> tuple[uuid.UUID, EventEnvelope]:
    """Intake's facts for an enquiry closed (opened first unless `opened`), in intake's own store,
    published by its relay as in production. Returns the enquiry and the closure's envelope."""
    enquiry_id = enquiry_id or uuid.uuid4()
    when = closed_at or datetime.now(UTC)
    facts: list[DomainEvent] = (
        []
        if opened
        else [
            EnquiryOpened(
                enquiry_id=enquiry_id,
                lead_agency_id=lead.agency_id,
                lead_practitioner_id=lead.user_id,
                opened_at=when - timedelta(days=30),
            )
        ]
    )
    facts.append(
        EnquiryClosed(
            enquiry_id=enquiry_id,
            lead_agency_id=lead.agency_id,
            lead_practitioner_id=lead.user_id,
            closed_at=when,
            closure_reason=ClosureReason.OUTCOMES_MET,
            signed_off_by="manager-1",
        )
    )
    envelopes = await intake.store.append(
        str(enquiry_id), version, facts, actor=lead, correlation_id=a_correlation_id()
    )
    return enquiry_id, envelopes[-1]


async def reopen(intake: ServiceRuntime, enquiry_id: uuid.UUID, version: int) -> None:
    reopened = EnquiryReopened(
        enquiry_id=enquiry_id, reopened_at=datetime.now(UTC), reason="new information"
    )
    await intake.store.append(
        str(enquiry_id), version, [reopened], actor=LEAD, correlation_id=a_correlation_id()
    )


async def own_events(runtime: ServiceRuntime, event_type: str) -> list[EventEnvelope]:
    query = (
        select(events_table)
        .where(events_table.c.event_type == event_type)
        .order_by(events_table.c.position)
    )
    async with runtime.db.read() as conn:
        return [envelope_from_row(row) for row in (await conn.execute(query)).mappings()]


async def the_request_of(
    http: httpx.AsyncClient, settings: Settings, clock: FixedClock, enquiry_id: uuid.UUID
) -> dict[str, object]:
    """Wait until feedback has asked about `enquiry_id`; its request as the API lists it."""
    found: list[dict[str, object]] = []

    async def asked() -> bool:
        response = await http.get(
            "/feedback-requests",
            params={"enquiry_id": str(enquiry_id)},
            headers=bearer_at(settings, clock),
        )
        found[:] = response.json()["items"]
        return bool(found)

    await eventually(asked, what="feedback requested")
    return found[-1]


class Asked(NamedTuple):
    intake: ServiceRuntime
    feedback: ServiceRuntime
    http: httpx.AsyncClient
    clock: FixedClock
    enquiry_id: uuid.UUID
    request: dict[str, object]


@asynccontextmanager
async def asked_after_closure(
    settings: Settings, *, closed_now: bool = False
) -> AsyncIterator[Asked]:
    """Intake running, feedback served on a fixed clock, one enquiry closed (at the clock's now
    if `closed_now`) and the feedback request it led to, as most feedback API tests begin."""
    clock = a_clock()
    async with (
        running(INTAKE, settings) as intake,
        served_feedback(settings, clock) as (url, feedback),
        httpx.AsyncClient(base_url=url) as http,
    ):
        closed_at = clock.now() if closed_now else None
        enquiry_id, _ = await close_an_enquiry(intake, closed_at=closed_at)
        request = await the_request_of(http, settings, clock, enquiry_id)
        yield Asked(intake, feedback, http, clock, enquiry_id, request)
