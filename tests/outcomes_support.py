"""Builders for the outcomes tests: intake's facts fed to outcomes as its consumer would apply
them, request bodies, and awkward words."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from services.outcomes.app import DEFINITION as OUTCOMES
from services.outcomes.commands.change_enquiry import Decision, change_enquiry, load_state
from services.outcomes.domain import outcome_decisions, plan_decisions
from services.outcomes.domain.context import Context
from services.outcomes.domain.state import EnquiryOutcomes
from services.outcomes.tables import enquiry_leads
from shared.auth import SYSTEM_ACTOR, Actor, TokenService
from shared.clock import Clock
from shared.contracts import intake
from shared.contracts import outcomes as facts
from shared.events import DomainEvent, EventEnvelope
from shared.eventstore.database import Database
from shared.eventstore.schema import events
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import Settings
from tests.support import an_actor, migrate, serving

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
    """Apply intake's facts exactly as the `outcomes.enquiries` group does (inbox and all)."""
    (leads,) = [s for s in runtime.definition.subscriptions if s.purpose == "enquiries"]
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


@asynccontextmanager
async def outcomes_running(settings: Settings, clock: Clock) -> AsyncIterator[ServiceRuntime]:
    """Outcomes' backbone started with this clock, without its own sweeping loop."""
    await migrate(OUTCOMES_UNSWEPT, settings)
    runtime = ServiceRuntime(OUTCOMES_UNSWEPT, settings, clock=clock)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def change(runtime: ServiceRuntime, enquiry_id: uuid.UUID, decide: Decision) -> int:
    """A command through the use case, by the enquiry's lead, at its current version; the new
    version."""
    state = await load_state(runtime, enquiry_id)
    query = select(enquiry_leads.c.lead_agency_id, enquiry_leads.c.lead_practitioner_id).where(
        enquiry_leads.c.enquiry_id == enquiry_id
    )
    async with runtime.db.read() as conn:
        agency, practitioner = (await conn.execute(query)).one()
    envelopes = await change_enquiry(
        runtime,
        enquiry_id=enquiry_id,
        expected_version=state.version,
        actor=an_actor(agency=agency, user=practitioner),
        correlation_id=str(uuid.uuid4()),
        decide=decide,
    )
    return envelopes[-1].version


async def record_an_outcome(runtime: ServiceRuntime, enquiry_id: uuid.UUID) -> uuid.UUID:
    outcome_id = uuid.uuid4()

    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        recorded = facts.DesiredOutcomeRecorded(
            enquiry_id=enquiry_id,
            outcome_id=outcome_id,
            words="I want to stay at home",
            expressed_by="person",
            recorded_at=ctx.now,
        )
        return outcome_decisions.record_outcome(state, ctx, recorded)

    await change(runtime, enquiry_id, decide)
    return outcome_id


async def agree_an_action(
    runtime: ServiceRuntime, enquiry_id: uuid.UUID, outcome_id: uuid.UUID, due_on: date
) -> uuid.UUID:
    action_id = uuid.uuid4()

    def decide(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
        agreed = facts.ActionAgreed(
            enquiry_id=enquiry_id,
            action_id=action_id,
            outcome_id=outcome_id,
            what="Fit a key safe",
            owner=facts.ActionOwner.PERSON,
            due_on=due_on,
            report_back="by letter",
            agreed_at=ctx.now,
        )
        return plan_decisions.agree_action(state, ctx, agreed)

    await change(runtime, enquiry_id, decide)
    return action_id


async def reschedule_review(runtime: ServiceRuntime, enquiry_id: uuid.UUID, due_on: date) -> None:
    await change(
        runtime,
        enquiry_id,
        lambda state, ctx: plan_decisions.schedule_review(state, ctx, due_on=due_on, reason=None),
    )


async def reschedule_action(
    runtime: ServiceRuntime, enquiry_id: uuid.UUID, action_id: uuid.UUID, due_on: date
) -> None:
    await change(
        runtime,
        enquiry_id,
        lambda state, ctx: plan_decisions.reschedule_action(
            state, ctx, action_id=action_id, due_on=due_on, reason="moved"
        ),
    )


async def reports(db: Database) -> list[tuple[str, uuid.UUID, date]]:
    """Every due report in the store: (type, the review's enquiry or the action, due date)."""
    kinds = [t.event_type for t in (facts.ReviewDueSoon, facts.ReviewOverdue, facts.ActionOverdue)]
    query = select(events.c.event_type, events.c.payload).where(events.c.event_type.in_(kinds))
    async with db.read() as conn:
        rows = (await conn.execute(query)).all()
    found = []
    for event_type, payload in rows:
        item = payload.get("action_id") or payload["enquiry_id"]
        found.append((event_type, uuid.UUID(item), date.fromisoformat(payload["due_on"])))
    return found


async def close_enquiry(runtime: ServiceRuntime, enquiry_id: uuid.UUID, version: int) -> None:
    closed = intake.EnquiryClosed(
        enquiry_id=enquiry_id,
        lead_agency_id="adult-social-care",
        lead_practitioner_id="practitioner-1",
        closed_at=datetime.now(UTC),
        closure_reason="outcomes met",
        signed_off_by="manager-1",
    )
    await receive(runtime, an_intake_fact(closed, version=version))


async def reopen_enquiry(runtime: ServiceRuntime, enquiry_id: uuid.UUID, version: int) -> None:
    reopened = intake.EnquiryReopened(
        enquiry_id=enquiry_id, reopened_at=datetime.now(UTC), reason="new concern"
    )
    await receive(runtime, an_intake_fact(reopened, version=version))


@asynccontextmanager
async def served_at(settings: Settings, clock: Clock) -> AsyncIterator[tuple[str, ServiceRuntime]]:
    """Outcomes over real HTTP on a free port, on the given clock, without its sweeping loop."""
    await migrate(OUTCOMES_UNSWEPT, settings)
    runtime = ServiceRuntime(OUTCOMES_UNSWEPT, settings, clock=clock)
    async with serving(runtime.http_app()) as url:
        yield url, runtime


def bearer_at(clock: Clock, settings: Settings, actor: Actor | None = None) -> dict[str, str]:
    """A token issued on the service's own clock (it checks expiry against that clock)."""
    tokens = TokenService(settings.signing_key, ttl=timedelta(minutes=5), clock=clock)
    return {"Authorization": f"Bearer {tokens.issue(actor or an_actor())}"}
