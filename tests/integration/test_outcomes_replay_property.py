"""Property: for any sequence of commands, replaying outcomes' events (its own from the store,
intake's from the inbox) rebuilds read models equal, row by row, to the live ones.

The commands go through the real use cases (`change_enquiry` with the domain's decisions,
`record_view`, the sweeper, intake's facts through the consumer's applier) on a real runtime;
a refused command (a rule broken, a stale version, an enquiry outside the actor's agency or
closed) changes nothing, and the property is about the accepted ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import Table, delete, select

from services.outcomes.commands.record_view import record_view
from services.outcomes.domain import outcome_decisions, plan_decisions
from services.outcomes.domain.context import Context
from services.outcomes.domain.state import EnquiryOutcomes
from services.outcomes.sweeper import sweep_once
from shared.clock import FixedClock
from shared.contracts import intake
from shared.contracts import outcomes as facts
from shared.events import DomainEvent, EventEnvelope
from shared.eventstore.errors import ConcurrencyError
from shared.eventstore.schema import events, inbox
from shared.http.errors import DomainRuleBroken, NotFound
from shared.replay import replay
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import Settings
from tests.outcomes_support import OUTCOMES_UNSWEPT, an_intake_fact, change, receive
from tests.support import an_actor, migrate

pytestmark = pytest.mark.integration
START = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)
AGENCIES = ("adult-social-care", "police")


@dataclass
class World:
    runtime: ServiceRuntime
    clock: FixedClock
    # Each enquiry with the version of the last fact intake sent about it.
    intake_versions: dict[uuid.UUID, int] = field(default_factory=dict)
    outcomes: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    actions: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    delivered: list[EventEnvelope] = field(default_factory=list)
    # What the step in hand would add, kept only if the command is accepted.
    adding: list[tuple[str, uuid.UUID, uuid.UUID]] = field(default_factory=list)

    def accepted(self) -> None:
        for kind, enquiry_id, item_id in self.adding:
            (self.outcomes if kind == "outcome" else self.actions).append((enquiry_id, item_id))

    @property
    def today(self) -> date:
        return self.clock.now().date()

    def enquiry(self, target: int) -> uuid.UUID:
        enquiries = list(self.intake_versions)
        return enquiries[target % len(enquiries)]


def a_due_date(world: World, target: int, flag: bool) -> date:
    """Some dates fixed from the start (so a date can be moved away and back again, and fall
    into the past as the clock moves on: refused), others relative to today."""
    if flag:
        return START.date() + (5, 12, 30, 60)[target] * DAY
    return world.today + (0, 3, 10, 40)[target] * DAY


async def from_intake(world: World, event: DomainEvent, enquiry_id: uuid.UUID) -> None:
    """One of intake's facts, as the `outcomes.enquiries` consumer applies it."""
    version = world.intake_versions.get(enquiry_id, 0) + 1
    envelope = an_intake_fact(event, version=version)
    await receive(world.runtime, envelope)
    world.intake_versions[enquiry_id] = version
    world.delivered.append(envelope)


async def open_enquiry(world: World, target: int) -> None:
    enquiry_id = uuid.uuid4()
    opened = intake.EnquiryOpened(
        enquiry_id=enquiry_id,
        lead_agency_id=AGENCIES[0],
        lead_practitioner_id=f"practitioner-{target}",
        opened_at=world.clock.now(),
    )
    await from_intake(world, opened, enquiry_id)


async def intake_fact(world: World, kind: str, enquiry_id: uuid.UUID, flag: bool) -> None:
    now = world.clock.now()
    event: DomainEvent
    if kind == "close":
        event = intake.EnquiryClosed(
            enquiry_id=enquiry_id,
            lead_agency_id=AGENCIES[0],
            lead_practitioner_id="practitioner-1",
            closed_at=now,
            closure_reason="outcomes met",
            signed_off_by="manager-1",
        )
    elif kind == "reopen":
        event = intake.EnquiryReopened(enquiry_id=enquiry_id, reopened_at=now, reason="again")
    elif kind == "transfer":
        # To another practitioner, or to the police (whose practitioner then makes the changes).
        event = intake.LeadTransferred(
            enquiry_id=enquiry_id,
            lead_agency_id=AGENCIES[int(flag)],
            lead_practitioner_id="practitioner-2",
            previous_agency_id=AGENCIES[0],
            previous_practitioner_id="practitioner-1",
        )
    else:  # "redeliver": the same envelope again; the inbox must make it change nothing.
        if world.delivered:
            await receive(world.runtime, world.delivered[len(world.delivered) // 2])
        return
    await from_intake(world, event, enquiry_id)


def outcome_decision(
    kind: str, world: World, target: int, flag: bool
) -> tuple[uuid.UUID, Any] | None:
    """The enquiry and decision of a change to one outcome; None if there is no outcome yet."""
    if not world.outcomes:
        return None
    # The latest ones most often: older ones are more likely withdrawn or assessed already.
    enquiry_id, outcome_id = world.outcomes[-1 - target % len(world.outcomes)]
    rank = (None, 1, 2, 3)[target]
    if kind == "revise":
        return enquiry_id, lambda s, c: outcome_decisions.revise(
            s, c, outcome_id=outcome_id, words="I want to go home", reason="changed",
            agreed_by="person", rank=rank,
        )  # fmt: skip
    if kind == "withdraw":
        return enquiry_id, lambda s, c: outcome_decisions.withdraw(
            s, c, outcome_id=outcome_id, reason="no longer wanted"
        )
    if kind == "not achievable":
        return enquiry_id, lambda s, c: outcome_decisions.mark_not_achievable(
            s, c, outcome_id=outcome_id, explanation="the law", persons_response="sad"
        )
    if kind == "assess":
        achievement = list(facts.Achievement)[target % len(facts.Achievement)]
        return enquiry_id, lambda s, c: outcome_decisions.assess(
            s, c, outcome_id=outcome_id, achievement=achievement, persons_view="better",
            person_agrees=flag,
        )  # fmt: skip
    if kind == "agree":
        action_id = uuid.uuid4()
        world.adding.append(("action", enquiry_id, action_id))
        return enquiry_id, lambda s, c: plan_decisions.agree_action(
            s,
            c,
            facts.ActionAgreed(
                enquiry_id=enquiry_id,
                action_id=action_id,
                outcome_id=outcome_id,
                what="Fit a key safe",
                owner=facts.ActionOwner.AGENCY if flag else facts.ActionOwner.PERSON,
                owner_agency_id="housing" if flag else None,
                due_on=a_due_date(world, target, flag),
                report_back="by letter",
                agreed_at=c.now,
            ),
        )
    return None


def action_decision(
    kind: str, world: World, target: int, flag: bool
) -> tuple[uuid.UUID, Any] | None:
    if not world.actions:
        return None
    enquiry_id, action_id = world.actions[-1 - target % len(world.actions)]
    if kind == "complete":
        return enquiry_id, lambda s, c: plan_decisions.complete_action(s, c, action_id=action_id)
    if kind == "cancel":
        return enquiry_id, lambda s, c: plan_decisions.cancel_action(
            s, c, action_id=action_id, reason="not needed"
        )
    due_on = a_due_date(world, target, flag)
    return enquiry_id, lambda s, c: plan_decisions.reschedule_action(
        s, c, action_id=action_id, due_on=due_on, reason="moved"
    )


def enquiry_decision(kind: str, world: World, target: int, flag: bool) -> tuple[uuid.UUID, Any]:
    enquiry_id = world.enquiry(target)
    if kind == "record":
        outcome_id = uuid.uuid4()
        world.adding.append(("outcome", enquiry_id, outcome_id))

        def record(state: EnquiryOutcomes, ctx: Context) -> list[DomainEvent]:
            recorded = facts.DesiredOutcomeRecorded(
                enquiry_id=enquiry_id,
                outcome_id=outcome_id,
                words="I want to stay at home 😊",
                expressed_by="person" if flag else "advocate",
                rank=(None, 1, 2, 3)[target],
                recorded_at=ctx.now,
            )
            return outcome_decisions.record_outcome(state, ctx, recorded)

        return enquiry_id, record
    if kind == "asked":
        code = list(facts.AskedCode)[target]
        return enquiry_id, lambda s, c: outcome_decisions.record_asked(
            s, c, code=code, asked_by="practitioner-1",
            asked_whom=facts.ExpressedBy.PERSON if flag else None,
            asked_on=c.today if flag else None,
        )  # fmt: skip
    if kind == "schedule":
        due_on = a_due_date(world, target, flag)
        return enquiry_id, lambda s, c: plan_decisions.schedule_review(
            s, c, due_on=due_on, reason="moved" if flag else None
        )
    # "hold": progress on the enquiry's outcomes (or on another's: refused as unknown).
    progress = [
        facts.OutcomeProgress(outcome_id=o, progress=list(facts.Progress)[target])
        for e, o in world.outcomes
        if e == enquiry_id or (flag and target == 3)
    ][:2]
    return enquiry_id, lambda s, c: plan_decisions.hold_review(
        s, c, review_id=uuid.uuid4(), held_on=c.today - target * DAY, attendees=["practitioner-1"],
        person_attended=flag, advocate_attended=not flag, persons_view="it's better",
        progress=progress, next_due_on=a_due_date(world, target, flag) if target else None,
    )  # fmt: skip


OUTCOME_KINDS = ("revise", "withdraw", "not achievable", "assess", "agree")
ACTION_KINDS = ("complete", "cancel", "move")
ENQUIRY_KINDS = ("record", "asked", "schedule", "hold")
INTAKE_KINDS = ("close", "reopen", "transfer", "redeliver")
KINDS = ("open", *OUTCOME_KINDS, *ACTION_KINDS, *ENQUIRY_KINDS, *INTAKE_KINDS, "view", "sweep")


async def step(world: World, kind: str, target: int, flag: bool) -> None:
    runtime = world.runtime
    if kind == "open" or not world.intake_versions:
        await open_enquiry(world, target)
        return
    if kind == "sweep":
        # Long enough, often enough, to reach a review's "due soon" (28 - 7 days after a first
        # outcome) and overdue reports, including on enquiries closed meanwhile.
        world.clock.advance((1, 8, 22, 29)[target] * DAY)
        await sweep_once(runtime)
        return
    enquiry_id = world.enquiry(target)
    if kind in INTAKE_KINDS:
        await intake_fact(world, kind, enquiry_id, flag)
    elif kind == "view":
        await record_view(
            runtime,
            enquiry_id=enquiry_id,
            what="board" if flag else "plan",
            actor=an_actor(agency=AGENCIES[int(flag)]),
            correlation_id=str(uuid.uuid4()),
        )
    else:
        world.adding.clear()
        if kind in OUTCOME_KINDS:
            found = outcome_decision(kind, world, target, flag)
        elif kind in ACTION_KINDS:
            found = action_decision(kind, world, target, flag)
        else:
            found = enquiry_decision(kind, world, target, flag)
        # With no outcome or action yet to change, the step records an outcome instead.
        on, decide = found or enquiry_decision("record", world, target, flag)
        await change(runtime, on, decide)
        world.accepted()


def read_model_tables(definition: ServiceDefinition) -> list[Table]:
    """Every table a projection of the service writes: its own and those fed by intake."""
    projections = [*definition.own_projections]
    for subscription in definition.subscriptions:
        projections.extend(subscription.projections)
    return list(dict.fromkeys(t for p in projections for t in p.tables))


async def read_models(runtime: ServiceRuntime) -> dict[str, list[dict[str, Any]]]:
    result = {}
    async with runtime.db.read() as conn:
        for table in read_model_tables(runtime.definition):
            rows = await conn.execute(select(table).order_by(*table.primary_key.columns))
            result[table.name] = [dict(r) for r in rows.mappings()]
    return result


STEPS = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 3), st.booleans()), min_size=10, max_size=30
)


async def empty(runtime: ServiceRuntime) -> None:
    """No facts nor rows from an earlier example: each one starts from nothing, so a failing
    example shrinks to the steps that break the property, not to whatever ran before it."""
    async with runtime.db.write() as conn:
        for table in (*reversed(read_model_tables(runtime.definition)), events, inbox):
            await conn.execute(delete(table))


async def run_and_compare(settings: Settings, steps: list[tuple[str, int, bool]]) -> None:
    clock = FixedClock(START)
    runtime = ServiceRuntime(OUTCOMES_UNSWEPT, settings, clock=clock)
    world = World(runtime, clock)
    try:
        await empty(runtime)
        for kind, target, flag in steps:
            # A refused command changes nothing; the property is about the accepted ones.
            with contextlib.suppress(DomainRuleBroken, NotFound, ConcurrencyError):
                await step(world, kind, target, flag)
            clock.advance(timedelta(minutes=5))
        live = await read_models(runtime)
        async with runtime.db.write() as conn:
            for table in reversed(read_model_tables(OUTCOMES_UNSWEPT)):
                await conn.execute(delete(table))
        await replay(runtime.db, OUTCOMES_UNSWEPT)
        rebuilt = await read_models(runtime)
        for name, rows in live.items():
            assert rebuilt[name] == rows, name
    finally:
        await runtime.store.close()
        await runtime.redis.aclose()
        await runtime.db.dispose()


# Bounded: 15 examples of 10-30 steps, each a fresh world on the same (emptied) databases.
@pytest.mark.timeout(180)
def test_replaying_the_events_rebuilds_the_same_read_models(settings: Settings) -> None:
    asyncio.run(migrate(OUTCOMES_UNSWEPT, settings))

    @hypothesis_settings(
        max_examples=15,
        deadline=None,
        # A failure is shrunk alone (one is enough to see), which keeps a failing run shorter.
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(steps=STEPS)
    def replay_equals_live(steps: list[tuple[str, int, bool]]) -> None:
        asyncio.run(run_and_compare(settings, steps))

    replay_equals_live()
