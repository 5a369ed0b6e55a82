"""Property: for any sequence of commands, replaying intake's events (its own and those received
from outcomes) rebuilds read models equal, row by row, to the live ones."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from services.intake.app import DEFINITION as INTAKE
from services.intake.commands.change_enquiry import Acting, change_enquiry, load_enquiry
from services.intake.commands.chase_advocates import chase_due_advocates
from services.intake.commands.close_enquiry import close_enquiry
from services.intake.commands.open_enquiry import open_enquiry
from services.intake.commands.record_view import record_view
from services.intake.domain import advocacy, capacity, closure, consent, intervention, lead
from services.intake.domain.concern import Concern, conclude_risk, identify_risk
from services.intake.domain.preferences import record_preferences
from services.intake.domain.section42 import decide_section_42
from services.intake.domain.state import EnquiryState
from shared.auth import Actor
from shared.clock import FixedClock
from shared.codes import (
    AdvocateKind,
    CapacityOutcome,
    ClosureReason,
    ConsentDecidedBy,
    ConsentDecision,
    ContactMethod,
    RiskAssessmentOutcome,
    RiskLocation,
    RiskOutcome,
    RiskSource,
    RiskType,
    Section42Result,
)
from shared.contracts import intake as ev
from shared.contracts import outcomes
from shared.events import DomainEvent, EventEnvelope
from shared.eventstore.errors import ConcurrencyError
from shared.http.errors import DomainRuleBroken, NotFound
from shared.replay import replay
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.intake_builders import MANAGER, POLICE, PRACTITIONER, read_models
from tests.support import a_correlation_id, migrate

pytestmark = pytest.mark.integration
Decide = Callable[[EnquiryState], list[DomainEvent]]
YES = ev.Section42Test(met=True, reason="met")


@dataclass
class World:
    runtime: ServiceRuntime
    clock: FixedClock
    enquiries: list[uuid.UUID] = field(default_factory=list)
    outcome_ids: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)


def decisions(
    now: datetime, flag: bool
) -> dict[str, tuple[Actor, Callable[[EnquiryState], Decide]]]:
    """Each kind of change: who makes it, and its decision given the current state."""

    def first_need(s: EnquiryState) -> uuid.UUID:
        return s.open_advocacy_need.need_id if s.open_advocacy_need else uuid.uuid4()

    def first_risk(s: EnquiryState) -> uuid.UUID:
        return s.risks[0].risk_id if s.risks else uuid.uuid4()

    outcome = RiskAssessmentOutcome.IDENTIFIED_ACTION if flag else RiskAssessmentOutcome.CEASED
    return {
        "risk": (
            PRACTITIONER,
            lambda s: (
                lambda st_: identify_risk(
                    st_,
                    actor=PRACTITIONER,
                    risk=ev.RiskIdentified(
                        enquiry_id=s.enquiry_id,
                        risk_id=uuid.uuid4(),
                        risk_type=RiskType.NEGLECT if flag else RiskType.FINANCIAL,
                        location=RiskLocation.OWN_HOME,
                        source=RiskSource.KNOWN,
                    ),
                )
            ),
        ),
        "conclude": (
            PRACTITIONER,
            lambda s: (
                lambda st_: conclude_risk(
                    st_,
                    actor=PRACTITIONER,
                    risk_id=first_risk(s),
                    assessment_outcome=outcome,
                    risk_outcome=RiskOutcome.REDUCED if flag else None,
                )
            ),
        ),
        "s42": (
            MANAGER,
            lambda s: (
                lambda st_: decide_section_42(
                    st_,
                    actor=MANAGER,
                    now=now,
                    needs_care_and_support=YES,
                    experiencing_or_at_risk_of_abuse=YES,
                    unable_to_protect_themselves=YES,
                    result=Section42Result.SECTION_42,
                    routing=None,
                )
            ),
        ),
        "capacity": (
            PRACTITIONER,
            lambda s: (
                lambda st_: capacity.assess_capacity(
                    st_,
                    actor=PRACTITIONER,
                    now=now,
                    assessment=ev.CapacityAssessed(
                        enquiry_id=s.enquiry_id,
                        assessment_id=uuid.uuid4(),
                        decision="taking part",
                        outcome=CapacityOutcome.LACKED if flag else CapacityOutcome.DID_NOT_LACK,
                        assessor="Dr P",
                        assessed_on=now.date(),
                        fluctuates=flag,
                    ),
                )
            ),
        ),
        "pause": (
            PRACTITIONER,
            lambda s: (
                lambda st_: (capacity.pause_timescales if flag else capacity.resume_timescales)(
                    st_, actor=PRACTITIONER, now=now, reason="recovering"
                )
            ),
        ),
        "need": (
            PRACTITIONER,
            lambda s: (
                lambda st_: advocacy.identify_need(
                    st_,
                    actor=PRACTITIONER,
                    now=now,
                    need_id=uuid.uuid4(),
                    substantial_difficulty=True,
                    appropriate_person_available=False,
                    family_or_friend_to_consult=flag,
                )
            ),
        ),
        "appoint": (
            PRACTITIONER,
            lambda s: (
                lambda st_: advocacy.appoint(
                    st_,
                    actor=PRACTITIONER,
                    now=now,
                    need_id=first_need(s),
                    advocate=ev.Advocate(
                        kind=AdvocateKind.ICA if flag else AdvocateKind.FAMILY_OR_FRIEND, name="A"
                    ),
                )
            ),
        ),
        "offer_or_decline": (
            PRACTITIONER,
            lambda s: (
                lambda st_: (
                    advocacy.offer(st_, actor=PRACTITIONER, now=now, need_id=first_need(s))
                    if flag
                    else advocacy.decline(
                        st_, actor=PRACTITIONER, now=now, need_id=first_need(s), persons_words="no"
                    )
                )
            ),
        ),
        "prefs": (
            PRACTITIONER,
            lambda s: (
                lambda st_: record_preferences(
                    st_,
                    actor=PRACTITIONER,
                    now=now,
                    preferences=ev.CommunicationPreferences(
                        contact_refused=[ContactMethod.LETTER], easy_read=flag
                    ),
                    reason="changed" if st_.preferences_history else None,
                )
            ),
        ),
        "consent": (
            PRACTITIONER,
            lambda s: (
                lambda st_: (
                    consent.record_consent(
                        st_,
                        actor=PRACTITIONER,
                        now=now,
                        consent_id=uuid.uuid4(),
                        recipient_agency_id="police",
                        purpose="enquiry",
                        decision=ConsentDecision.GIVEN,
                        decided_by=ConsentDecidedBy.PERSON,
                        capacity_to_consent=True,
                        information_kinds=["summary"],
                        valid_until=None,
                        decided_at=None,
                    )
                    if flag
                    else consent.withdraw_consent(
                        st_,
                        actor=PRACTITIONER,
                        now=now,
                        recipient_agency_id="police",
                        purpose="enquiry",
                        decided_by=ConsentDecidedBy.PERSON,
                        reason=None,
                        withdrawn_at=None,
                    )
                )
            ),
        ),
        "decline": (
            PRACTITIONER,
            lambda s: (
                lambda st_: (
                    intervention.decline_intervention(
                        st_,
                        actor=PRACTITIONER,
                        now=now,
                        persons_words="leave me be",
                        next_check_on=now.date() + timedelta(days=30),
                        raised_anyway_because=None,
                        person_told=None,
                    )
                    if flag
                    else intervention.take_up(st_, actor=PRACTITIONER, now=now)
                )
            ),
        ),
        "transfer": (
            PRACTITIONER,
            lambda s: (
                lambda st_: lead.transfer_lead(
                    st_,
                    actor=PRACTITIONER,
                    now=now,
                    to_agency_id="police",
                    to_practitioner_id=None,
                    reason="crime",
                )
            ),
        ),
        "reopen": (
            PRACTITIONER,
            lambda s: lambda st_: closure.reopen(st_, actor=PRACTITIONER, now=now, reason="again"),
        ),
    }


async def step(world: World, kind: str, target: int, flag: bool) -> None:
    runtime, now = world.runtime, world.clock.now()
    if kind == "open" or not world.enquiries:
        enquiry_id = uuid.uuid4()
        concern = Concern(
            referrer=ev.Referrer(name="R", role="nurse"),
            raised_at=now,
            what_happened="it happened",
            person=ev.Person(name="P", date_of_birth=date(1950, 1, 1)),
        )
        await open_enquiry(
            runtime,
            enquiry_id=enquiry_id,
            actor=PRACTITIONER,
            correlation_id=a_correlation_id(),
            concern=concern if flag else None,
        )
        world.enquiries.append(enquiry_id)
        return
    enquiry_id = world.enquiries[target % len(world.enquiries)]
    state = await load_enquiry(runtime, enquiry_id)
    assert state is not None
    if kind == "chase":
        world.clock.advance(timedelta(days=6))
        await chase_due_advocates(runtime, after=timedelta(days=5))
    elif kind == "view":
        await record_view(
            runtime,
            enquiry_id=enquiry_id,
            actor=PRACTITIONER,
            view="detail",
            correlation_id=a_correlation_id(),
        )
    elif kind == "outcome":
        await receive_outcome(world, enquiry_id, flag)
    elif kind == "close":
        await close_enquiry(
            runtime,
            enquiry_id=enquiry_id,
            expected_version=state.version,
            actor=MANAGER,
            correlation_id=a_correlation_id(),
            reason=ClosureReason.OUTCOMES_MET,
        )
    elif kind == "accept":
        await change_enquiry(
            runtime,
            enquiry_id=enquiry_id,
            expected_version=state.version,
            actor=POLICE,
            correlation_id=a_correlation_id(),
            decide=lambda s: lead.accept_transfer(s, actor=POLICE),
            acting=Acting.AS_TRANSFER_TARGET,
        )
    else:
        actor, decide_for = decisions(now, flag)[kind]
        await change_enquiry(
            runtime,
            enquiry_id=enquiry_id,
            expected_version=state.version,
            actor=actor,
            correlation_id=a_correlation_id(),
            decide=decide_for(state),
        )


async def receive_outcome(world: World, enquiry_id: uuid.UUID, flag: bool) -> None:
    """An outcomes fact through the consumer's applier (inbox and projection in one commit)."""
    now = world.clock.now()
    event: DomainEvent
    if flag or not world.outcome_ids:
        outcome_id = uuid.uuid4()
        world.outcome_ids.append((enquiry_id, outcome_id))
        event = outcomes.DesiredOutcomeRecorded(
            enquiry_id=enquiry_id,
            outcome_id=outcome_id,
            words="stay",
            expressed_by="person",
            recorded_at=now,
        )
    else:
        on, outcome_id = world.outcome_ids.pop(0)
        event = outcomes.OutcomeAssessed(
            enquiry_id=on,
            outcome_id=outcome_id,
            achievement=outcomes.Achievement.PARTIALLY,
            persons_view="better",
            person_agrees=True,
            assessed_at=now,
        )
    envelope = EventEnvelope(
        event_id=uuid.uuid4(),
        event_type=event.event_type,
        schema_version=1,
        stream_id=str(enquiry_id),
        version=1,
        position=len(world.outcome_ids) + 1,
        occurred_at=now,
        actor=MANAGER,
        correlation_id=a_correlation_id(),
        payload=event.model_dump(mode="json"),
    )
    (subscription,) = INTAKE.subscriptions
    await world.runtime.applier_for(subscription).apply([envelope])


KINDS = [
    "open",
    "risk",
    "conclude",
    "s42",
    "capacity",
    "pause",
    "need",
    "appoint",
    "offer_or_decline",
    "prefs",
    "consent",
    "decline",
    "transfer",
    "accept",
    "close",
    "reopen",
    "chase",
    "view",
    "outcome",
]
STEPS = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 3), st.booleans()), min_size=15, max_size=45
)


async def run_and_compare(settings: Settings, steps: list[tuple[str, int, bool]]) -> None:
    clock = FixedClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    runtime = ServiceRuntime(INTAKE, settings, clock=clock)
    world = World(runtime, clock)
    try:
        for kind, target, flag in steps:
            # A refused command changes nothing; the property is about the accepted ones.
            with contextlib.suppress(DomainRuleBroken, NotFound, ConcurrencyError):
                await step(world, kind, target, flag)
            clock.advance(timedelta(minutes=5))
        live = await read_models(runtime)
        await replay(runtime.db, INTAKE)
        assert await read_models(runtime) == live
    finally:
        await runtime.store.close()
        await runtime.redis.aclose()
        await runtime.db.dispose()


def test_replaying_the_events_rebuilds_the_same_read_models(settings: Settings) -> None:
    asyncio.run(migrate(INTAKE, settings))

    @hypothesis_settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(steps=STEPS)
    def replay_equals_live(steps: list[tuple[str, int, bool]]) -> None:
        asyncio.run(run_and_compare(settings, steps))

    replay_equals_live()
