"""Intake's pure rules: no database, no event loop."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from services.intake import domain
from services.intake.api.risks import IdentifyRisk
from services.intake.domain import advocacy, capacity, closure, consent, intervention, lead
from services.intake.domain.concern import Concern, conclude_risk, identify_risk
from services.intake.domain.errors import (
    ClosureRefused,
    ConflictsWithRecord,
    EnquiryIsClosed,
    NotAllowed,
    RuleBroken,
)
from services.intake.domain.preferences import record_preferences
from services.intake.domain.section42 import decide_section_42
from services.intake.domain.state import EnquiryState, Status
from shared.auth import Role
from shared.codes import (
    AdvocateKind,
    AgeBand,
    CapacityOutcome,
    ClosureReason,
    ConsentDecidedBy,
    ConsentDecision,
    ContactMethod,
    NoEnquiryRouting,
    RiskAssessmentOutcome,
    RiskLocation,
    RiskOutcome,
    RiskSource,
    RiskType,
    Section42Result,
)
from shared.contracts import intake as ev
from shared.events import DomainEvent
from tests.support import an_actor

pytestmark = pytest.mark.unit
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
LEAD = an_actor(agency="adult-social-care", user="lead-1")
MANAGER = an_actor(agency="adult-social-care", user="manager-1", role=Role.MANAGER)


def a_concern(**changes: object) -> Concern:
    values: dict[str, object] = {
        "referrer": ev.Referrer(name="Pat", role="Community nurse"),
        "raised_at": NOW - timedelta(hours=2),
        "what_happened": "He keeps asking me for money  — I can't say no.",
        "person": ev.Person(name="Joyce", date_of_birth=date(1941, 3, 14)),
    }
    return Concern.model_validate({**values, **changes})


def an_enquiry(*more: Callable[[EnquiryState], list[DomainEvent]]) -> EnquiryState:
    """An enquiry opened by LEAD with a concern, after each decision in `more` is applied."""
    events = domain.open_enquiry(enquiry_id=uuid.uuid4(), actor=LEAD, now=NOW, concern=a_concern())
    state = domain.fold(events)
    assert state is not None
    for decide in more:
        state = domain.fold(decide(state), start=state)
        assert state is not None
    return state


def with_risk(state: EnquiryState) -> list[DomainEvent]:
    risk = ev.RiskIdentified(
        enquiry_id=state.enquiry_id,
        risk_id=uuid.uuid4(),
        risk_type=RiskType.FINANCIAL,
        location=RiskLocation.OWN_HOME,
        source=RiskSource.KNOWN,
    )
    return identify_risk(state, actor=LEAD, risk=risk)


def met(reason: str = "yes") -> ev.Section42Test:
    return ev.Section42Test(met=True, reason=reason)


def with_section_42(state: EnquiryState) -> list[DomainEvent]:
    return decide_section_42(
        state,
        actor=MANAGER,
        now=NOW,
        needs_care_and_support=met(),
        experiencing_or_at_risk_of_abuse=met(),
        unable_to_protect_themselves=met(),
        result=Section42Result.SECTION_42,
        routing=None,
    )


def assessed(outcome: CapacityOutcome) -> Callable[[EnquiryState], list[DomainEvent]]:
    def decide(state: EnquiryState) -> list[DomainEvent]:
        return capacity.assess_capacity(
            state,
            actor=LEAD,
            now=NOW,
            assessment=ev.CapacityAssessed(
                enquiry_id=state.enquiry_id,
                assessment_id=uuid.uuid4(),
                decision="Taking part in the enquiry",
                outcome=outcome,
                assessor="Dr Patel",
                assessed_on=NOW.date(),
                fluctuates=True,
            ),
        )

    return decide


def needing_an_advocate(family: bool = False) -> Callable[[EnquiryState], list[DomainEvent]]:
    def decide(state: EnquiryState) -> list[DomainEvent]:
        return advocacy.identify_need(
            state,
            actor=LEAD,
            now=NOW,
            need_id=uuid.uuid4(),
            substantial_difficulty=True,
            appropriate_person_available=False,
            family_or_friend_to_consult=family,
        )

    return decide


# --- concern and risks ---


def test_the_concern_keeps_the_person_s_words_and_gives_the_reporting_age_band() -> None:
    opened, concern = domain.open_enquiry(
        enquiry_id=uuid.uuid4(), actor=LEAD, now=NOW, concern=a_concern()
    )

    assert isinstance(opened, ev.EnquiryOpened)
    assert isinstance(concern, ev.ConcernRaised)
    assert concern.what_happened == "He keeps asking me for money  — I can't say no."
    assert concern.age_band is AgeBand.AGE_85_94


def test_a_concern_raised_in_the_future_is_refused() -> None:
    with pytest.raises(RuleBroken) as refused:
        domain.open_enquiry(
            enquiry_id=uuid.uuid4(),
            actor=LEAD,
            now=NOW,
            concern=a_concern(raised_at=NOW + timedelta(days=1)),
        )

    assert refused.value.field == "concern.raised_at"


def test_a_risk_outside_the_national_lists_is_refused_naming_the_allowed_values() -> None:
    with pytest.raises(ValidationError) as refused:
        IdentifyRisk.model_validate(
            {
                "expected_version": 2,
                "risk_type": "Being shouted at",
                "location": "Own Home",
                "source": "Service Provider",
            }
        )

    (error,) = refused.value.errors()
    assert error["loc"] == ("risk_type",)
    assert "'Financial or Material Abuse'" in error["msg"]


def test_a_risk_identified_needs_its_risk_outcome_and_only_then() -> None:
    state = an_enquiry(with_risk)
    risk_id = state.risks[0].risk_id

    with pytest.raises(RuleBroken, match="remained"):
        conclude_risk(
            state,
            actor=LEAD,
            risk_id=risk_id,
            assessment_outcome=RiskAssessmentOutcome.IDENTIFIED_ACTION,
            risk_outcome=None,
        )
    with pytest.raises(RuleBroken, match="only where a risk was identified"):
        conclude_risk(
            state,
            actor=LEAD,
            risk_id=risk_id,
            assessment_outcome=RiskAssessmentOutcome.NONE_NO_ACTION,
            risk_outcome=RiskOutcome.REDUCED,
        )


# --- section 42 ---


def test_only_a_manager_makes_the_section_42_decision() -> None:
    state = an_enquiry()
    with pytest.raises(NotAllowed):
        decide_section_42(
            state,
            actor=LEAD,
            now=NOW,
            needs_care_and_support=met(),
            experiencing_or_at_risk_of_abuse=met(),
            unable_to_protect_themselves=met(),
            result=Section42Result.SECTION_42,
            routing=None,
        )


def test_a_section_42_enquiry_needs_all_three_tests_and_no_enquiry_needs_a_routing() -> None:
    state = an_enquiry()
    not_met = ev.Section42Test(met=False, reason="She can protect herself")
    with pytest.raises(RuleBroken) as three:
        decide_section_42(
            state,
            actor=MANAGER,
            now=NOW,
            needs_care_and_support=met(),
            experiencing_or_at_risk_of_abuse=met(),
            unable_to_protect_themselves=not_met,
            result=Section42Result.SECTION_42,
            routing=None,
        )
    with pytest.raises(RuleBroken) as routing:
        decide_section_42(
            state,
            actor=MANAGER,
            now=NOW,
            needs_care_and_support=met(),
            experiencing_or_at_risk_of_abuse=met(),
            unable_to_protect_themselves=not_met,
            result=Section42Result.NO_ENQUIRY,
            routing=None,
        )
    (decided,) = decide_section_42(
        state,
        actor=MANAGER,
        now=NOW,
        needs_care_and_support=met(),
        experiencing_or_at_risk_of_abuse=met(),
        unable_to_protect_themselves=not_met,
        result=Section42Result.NO_ENQUIRY,
        routing=NoEnquiryRouting.ADVICE_AND_GUIDANCE,
    )

    assert three.value.field == "result"
    assert routing.value.field == "routing"
    assert isinstance(decided, ev.Section42Decided)
    assert decided.decided_by == "manager-1"


# --- capacity and advocacy ---


def test_timescales_pause_and_resume_with_reasons() -> None:
    paused = an_enquiry(lambda s: capacity.pause_timescales(s, actor=LEAD, now=NOW, reason="ill"))

    with pytest.raises(ConflictsWithRecord):
        capacity.pause_timescales(paused, actor=LEAD, now=NOW, reason="again")
    resumed = domain.fold(
        capacity.resume_timescales(paused, actor=LEAD, now=NOW, reason="recovered"), start=paused
    )

    assert paused.timescales_paused
    assert resumed is not None
    assert not resumed.timescales_paused
    assert resumed.pauses[0].resume_reason == "recovered"


def test_lacking_capacity_with_no_family_to_consult_requires_an_ica_until_one_is_appointed() -> (
    None
):
    state = an_enquiry(assessed(CapacityOutcome.LACKED), needing_an_advocate(family=False))
    need = state.open_advocacy_need
    assert need is not None
    assert state.ica_outstanding

    family = ev.Advocate(kind=AdvocateKind.FAMILY_OR_FRIEND, name="Her cousin")
    with pytest.raises(RuleBroken) as wrong_kind:
        advocacy.appoint(state, actor=LEAD, now=NOW, need_id=need.need_id, advocate=family)
    with pytest.raises(RuleBroken):
        advocacy.decline(state, actor=LEAD, now=NOW, need_id=need.need_id, persons_words=None)
    ica = ev.Advocate(kind=AdvocateKind.ICA, name="Sam Green", organisation="Advocacy Jersey")
    after = domain.fold(
        advocacy.appoint(state, actor=LEAD, now=NOW, need_id=need.need_id, advocate=ica),
        start=state,
    )

    assert wrong_kind.value.field == "kind"
    assert after is not None
    assert not after.ica_outstanding
    assert after.open_advocacy_need is None


def test_no_advocacy_need_without_difficulty_or_with_an_appropriate_person() -> None:
    state = an_enquiry()
    with pytest.raises(RuleBroken):
        advocacy.identify_need(
            state,
            actor=LEAD,
            now=NOW,
            need_id=uuid.uuid4(),
            substantial_difficulty=True,
            appropriate_person_available=True,
            family_or_friend_to_consult=True,
        )


def test_an_unmet_need_is_chased_once_after_the_configured_days() -> None:
    state = an_enquiry(needing_an_advocate())
    five_days = timedelta(days=5)

    early = advocacy.still_needed(state, now=NOW + timedelta(days=4, hours=23), after=five_days)
    (chase,) = advocacy.still_needed(state, now=NOW + five_days, after=five_days)
    chased = domain.fold([chase], start=state)
    assert chased is not None
    again = advocacy.still_needed(chased, now=NOW + timedelta(days=9), after=five_days)

    assert early == []
    assert isinstance(chase, ev.AdvocateStillNeeded)
    assert chase.days_waiting == 5
    assert again == []


# --- communication preferences ---


def test_preferences_keep_their_history_and_a_change_needs_a_reason() -> None:
    first = ev.CommunicationPreferences(
        contact_allowed=[ContactMethod.PHONE],
        contact_refused=[ContactMethod.LETTER],
        in_their_words="please don't send me letters",
        who_to_involve="I need my sister to be involved",
    )
    state = an_enquiry(
        lambda s: record_preferences(s, actor=LEAD, now=NOW, preferences=first, reason=None)
    )
    second = first.model_copy(update={"interpreter_needed": True, "language": "Portuguese"})

    with pytest.raises(RuleBroken) as no_reason:
        record_preferences(state, actor=LEAD, now=NOW, preferences=second, reason=None)
    conflicting = first.model_copy(update={"contact_allowed": [ContactMethod.LETTER]})
    with pytest.raises(RuleBroken) as conflict:
        record_preferences(state, actor=LEAD, now=NOW, preferences=conflicting, reason="x")
    after = domain.fold(
        record_preferences(state, actor=LEAD, now=NOW, preferences=second, reason="She asked"),
        start=state,
    )

    assert no_reason.value.field == "reason"
    assert conflict.value.field == "contact_refused"
    assert after is not None
    assert after.preferences == second
    assert [p.preferences for p in after.preferences_history] == [first, second]


# --- consent ---


def consent_given(
    at: datetime, valid_until: date | None = None
) -> Callable[[EnquiryState], list[DomainEvent]]:
    def decide(state: EnquiryState) -> list[DomainEvent]:
        return consent.record_consent(
            state,
            actor=LEAD,
            now=NOW,
            consent_id=uuid.uuid4(),
            recipient_agency_id="police",
            purpose="safeguarding_enquiry",
            decision=ConsentDecision.GIVEN,
            decided_by=ConsentDecidedBy.PERSON,
            capacity_to_consent=True,
            information_kinds=["allegation"],
            valid_until=valid_until,
            decided_at=at,
        )

    return decide


def withdrawn(at: datetime) -> Callable[[EnquiryState], list[DomainEvent]]:
    def decide(state: EnquiryState) -> list[DomainEvent]:
        return consent.withdraw_consent(
            state,
            actor=LEAD,
            now=NOW,
            recipient_agency_id="police",
            purpose="safeguarding_enquiry",
            decided_by=ConsentDecidedBy.PERSON,
            reason="changed my mind",
            withdrawn_at=at,
        )

    return decide


def test_the_consent_in_force_at_any_moment_comes_from_the_ledger() -> None:
    given_at, withdrawn_at = NOW - timedelta(days=10), NOW - timedelta(days=2)
    state = an_enquiry(consent_given(given_at), withdrawn(withdrawn_at))

    def status_at(moment: datetime) -> list[str]:
        return [c.status.value for c in consent.consent_in_force(state.consent_ledger, moment)]

    assert status_at(given_at - timedelta(seconds=1)) == []
    assert status_at(given_at + timedelta(days=1)) == ["given"]
    assert status_at(withdrawn_at) == ["withdrawn"]
    assert [e.decision for e in state.consent_ledger] == [
        ConsentDecision.GIVEN,
        ConsentDecision.WITHDRAWN,
    ]


def test_a_consent_past_its_valid_until_has_expired() -> None:
    state = an_enquiry(consent_given(NOW - timedelta(days=10), valid_until=date(2026, 11, 20)))

    (then,) = consent.consent_in_force(state.consent_ledger, NOW)

    assert then.status is consent.InForce.EXPIRED


def test_a_person_without_capacity_to_consent_cannot_be_recorded_as_deciding() -> None:
    with pytest.raises(RuleBroken) as refused:
        consent.record_consent(
            an_enquiry(),
            actor=LEAD,
            now=NOW,
            consent_id=uuid.uuid4(),
            recipient_agency_id="health",
            purpose="care",
            decision=ConsentDecision.GIVEN,
            decided_by=ConsentDecidedBy.PERSON,
            capacity_to_consent=False,
            information_kinds=["all"],
            valid_until=None,
            decided_at=None,
        )

    assert refused.value.field == "decided_by"


def test_withdrawing_needs_a_consent_in_force() -> None:
    with pytest.raises(RuleBroken):
        withdrawn(NOW)(an_enquiry())


# --- declined intervention ---


def test_a_person_with_capacity_declines_and_can_take_up_the_offer_again() -> None:
    def declines(state: EnquiryState) -> list[DomainEvent]:
        return intervention.decline_intervention(
            state,
            actor=LEAD,
            now=NOW,
            persons_words="I don't want anything to be done",
            next_check_on=date(2026, 12, 26),
            raised_anyway_because=None,
            person_told=None,
        )

    monitored = an_enquiry(assessed(CapacityOutcome.DID_NOT_LACK), declines)
    active = domain.fold(intervention.take_up(monitored, actor=LEAD, now=NOW), start=monitored)

    assert monitored.status is Status.MONITORING
    assert monitored.monitoring is not None
    assert monitored.monitoring.persons_words == "I don't want anything to be done"
    assert active is not None
    assert active.status is Status.OPEN
    with pytest.raises(RuleBroken):
        declines(an_enquiry(assessed(CapacityOutcome.LACKED)))


# --- lead ---


def test_a_transfer_to_another_agency_takes_effect_only_when_it_accepts() -> None:
    def to_police(state: EnquiryState) -> list[DomainEvent]:
        return lead.transfer_lead(
            state, actor=LEAD, now=NOW, to_agency_id="police", to_practitioner_id=None, reason="r"
        )

    pending = an_enquiry(to_police)
    officer = an_actor(agency="police", user="officer-7")
    with pytest.raises(ConflictsWithRecord):
        lead.accept_transfer(pending, actor=an_actor(agency="health"))
    accepted = domain.fold(lead.accept_transfer(pending, actor=officer), start=pending)

    assert pending.lead_agency_id == "adult-social-care"
    assert pending.pending_transfer is not None
    assert accepted is not None
    assert (accepted.lead_agency_id, accepted.lead_practitioner_id) == ("police", "officer-7")
    assert accepted.pending_transfer is None


# --- closure ---


def concluded(state: EnquiryState) -> list[DomainEvent]:
    return [
        event
        for r in state.risks
        for event in conclude_risk(
            state,
            actor=LEAD,
            risk_id=r.risk_id,
            assessment_outcome=RiskAssessmentOutcome.IDENTIFIED_ACTION,
            risk_outcome=RiskOutcome.REDUCED,
        )
    ]


def closing(state: EnquiryState, unassessed: int = 0, actor: object = MANAGER) -> list[DomainEvent]:
    return closure.close(
        state,
        actor=actor,  # type: ignore[arg-type]
        now=NOW,
        reason=ClosureReason.OUTCOMES_MET,
        unassessed_outcomes=unassessed,
    )


def test_closure_is_refused_while_an_outcome_lacks_its_final_assessment() -> None:
    state = an_enquiry(with_section_42, with_risk, concluded)

    with pytest.raises(ClosureRefused) as refused:
        closing(state, unassessed=2)

    assert refused.value.field == "desired_outcomes"
    assert "2 desired outcome(s)" in str(refused.value)


def test_closure_is_refused_while_a_risk_has_no_outcome() -> None:
    with pytest.raises(ClosureRefused) as refused:
        closing(an_enquiry(with_section_42, with_risk))

    assert refused.value.field == "risks"


def test_closure_needs_a_manager_other_than_the_lead() -> None:
    state = an_enquiry(with_section_42, with_risk, concluded)
    manager_who_leads = an_actor(agency="adult-social-care", user="lead-1", role=Role.MANAGER)

    with pytest.raises(NotAllowed):
        closing(state, actor=LEAD)
    with pytest.raises(NotAllowed, match="other than the lead"):
        closing(state, actor=manager_who_leads)


def test_a_closed_enquiry_changes_only_by_reopening_with_a_reason() -> None:
    closed = an_enquiry(with_section_42, with_risk, concluded, closing)

    with pytest.raises(EnquiryIsClosed):
        with_risk(closed)
    reopened = domain.fold(
        closure.reopen(closed, actor=LEAD, now=NOW, reason="New concern"), start=closed
    )

    assert closed.status is Status.CLOSED
    assert closed.closure is not None
    assert closed.closure.signed_off_by == "manager-1"
    assert reopened is not None
    assert reopened.status is Status.OPEN
    assert reopened.reopenings[0].reason == "New concern"


def test_a_board_analyst_cannot_change_a_record() -> None:
    with pytest.raises(NotAllowed):
        domain.open_enquiry(
            enquiry_id=uuid.uuid4(), actor=an_actor(role=Role.BOARD_ANALYST), now=NOW
        )


def test_folding_in_steps_equals_folding_at_once() -> None:
    enquiry_id = uuid.uuid4()
    events = domain.open_enquiry(enquiry_id=enquiry_id, actor=LEAD, now=NOW, concern=a_concern())
    whole = domain.fold(events)
    assert whole is not None
    more = with_risk(whole)

    stepwise = domain.fold(more, start=domain.fold(events))
    at_once = domain.fold([*events, *more])

    assert stepwise == at_once
    assert at_once is not None
    assert at_once.version == 3
    assert domain.fold([]) is None


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2008, 11, 27), AgeBand.UNDER_18),
        (date(1961, 11, 27), AgeBand.AGE_18_64),
        (date(1961, 11, 26), AgeBand.AGE_65_74),
        (date(1931, 11, 26), AgeBand.AGE_95_PLUS),
    ],
)
def test_the_reporting_age_band_counts_whole_years_on_the_day(born: date, band: AgeBand) -> None:
    assert AgeBand.of(born, date(2026, 11, 26)) is band


def test_a_consent_names_a_purpose_and_kinds_from_the_sharing_vocabulary() -> None:
    from pydantic import ValidationError

    from services.intake.api.consent import RecordConsent

    fields = {
        "expected_version": 1,
        "recipient_agency_id": "police",
        "decision": "given",
        "decided_by": "the person",
        "capacity_to_consent": True,
    }
    ok = RecordConsent.model_validate(
        {**fields, "purpose": "criminal_investigation", "information_kinds": ["allegation"]}
    )
    assert ok.purpose == "criminal_investigation"
    with pytest.raises(ValidationError) as refused:
        RecordConsent.model_validate(
            {**fields, "purpose": "anything-at-all", "information_kinds": ["diary"]}
        )
    assert {error["loc"][0] for error in refused.value.errors()} == {"purpose", "information_kinds"}


def test_a_risk_id_another_enquiry_uses_is_refused_naming_the_field() -> None:
    state = an_enquiry()
    risk = ev.RiskIdentified(
        enquiry_id=state.enquiry_id,
        risk_id=uuid.uuid4(),
        risk_type=RiskType.FINANCIAL,
        location=RiskLocation.OWN_HOME,
        source=RiskSource.KNOWN,
    )

    with pytest.raises(ConflictsWithRecord) as refused:
        identify_risk(state, actor=LEAD, risk=risk, id_used_elsewhere=True)

    assert refused.value.field == "risk_id"
    assert identify_risk(state, actor=LEAD, risk=risk) == [risk]
