"""The sharing policy: consent in force at the moment decides, scope and purpose limit what goes,
and an override needs a lawful ground, a second manager and the person told (or why not)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.sharing import (
    PURPOSE_NEEDS,
    Allowed,
    ApprovedOverride,
    Blocked,
    ConsentDecision,
    ConsentStatus,
    DecidedBy,
    DisclosureRequest,
    InformationKind,
    Overridden,
    OverrideGround,
    Purpose,
    consent_in_force,
    decide,
)

pytestmark = pytest.mark.unit
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
HEALTH_AGENCY = "health-trust"
K = InformationKind


def consent(
    status: ConsentStatus = ConsentStatus.GIVEN,
    *,
    at: datetime = T0,
    scope: frozenset[InformationKind] = frozenset({K.IDENTITY, K.RISKS, K.HEALTH}),
    purpose: Purpose = Purpose.CARE_AND_SUPPORT_PLANNING,
    by: DecidedBy = DecidedBy.PERSON,
    capacity: bool = True,
    until: datetime | None = None,
) -> ConsentDecision:
    return ConsentDecision(
        recipient_agency_id=HEALTH_AGENCY,
        purpose=purpose,
        status=status,
        decided_at=at,
        decided_by=by,
        had_capacity_to_consent=capacity,
        scope=scope,
        valid_until=until,
    )


def an_override(
    *, at: datetime = T0, purpose: Purpose = Purpose.CARE_AND_SUPPORT_PLANNING
) -> ApprovedOverride:
    return ApprovedOverride(
        override_id=uuid.uuid4(),
        recipient_agency_id=HEALTH_AGENCY,
        purpose=purpose,
        ground=OverrideGround.EMERGENCY,
        narrative="Found unconscious at home; the ambulance crew needs her history.",
        requested_by="practitioner-1",
        approved_by="manager-2",
        approved_at=at,
        person_told="By phone, through her sister, the same afternoon.",
    )


def request(
    *kinds: InformationKind, purpose: Purpose = Purpose.CARE_AND_SUPPORT_PLANNING
) -> DisclosureRequest:
    return DisclosureRequest(HEALTH_AGENCY, purpose, frozenset(kinds))


def test_consent_given_allows_only_what_the_purpose_needs_and_the_consent_covers() -> None:
    decision = decide(
        request(K.IDENTITY, K.HEALTH, K.CONTACT_DETAILS, K.ALLEGATION),
        [consent()],
        [],
        T0 + timedelta(days=1),
    )

    assert isinstance(decision, Allowed)
    assert decision.kinds == {K.IDENTITY, K.HEALTH}
    assert decision.withheld == {
        K.CONTACT_DETAILS: "not within what the person agreed to share",
        K.ALLEGATION: "not needed for planning their care and support",
    }


def test_no_consent_blocks_and_says_what_to_do() -> None:
    decision = decide(request(K.IDENTITY), [], [], T0)

    assert isinstance(decision, Blocked)
    assert decision.reason == (
        "There is no consent to share for planning their care and support with this agency. "
        "Ask the person, or ask a manager to approve sharing on a lawful ground."
    )


@pytest.mark.parametrize(
    ("status", "words"),
    [(ConsentStatus.REFUSED, "refused"), (ConsentStatus.WITHDRAWN, "withdrawn")],
)
def test_refused_or_withdrawn_consent_blocks_naming_when(status: ConsentStatus, words: str) -> None:
    ledger = [consent(), consent(status, at=T0 + timedelta(days=3))]

    decision = decide(request(K.IDENTITY), ledger, [], T0 + timedelta(days=4))

    assert isinstance(decision, Blocked)
    assert f"was {words} on 2026-11-04" in decision.reason


def test_the_decision_is_taken_against_the_consent_in_force_at_that_moment() -> None:
    ledger = [consent(), consent(ConsentStatus.WITHDRAWN, at=T0 + timedelta(days=3))]

    assert isinstance(decide(request(K.IDENTITY), ledger, [], T0 + timedelta(days=2)), Allowed)
    assert isinstance(decide(request(K.IDENTITY), ledger, [], T0 + timedelta(days=3)), Blocked)
    assert (
        consent_in_force(
            ledger, HEALTH_AGENCY, Purpose.CARE_AND_SUPPORT_PLANNING, T0 - timedelta(1)
        )
        is None
    )


def test_consent_runs_out_at_its_valid_until() -> None:
    ledger = [consent(until=T0 + timedelta(days=30))]

    assert isinstance(decide(request(K.IDENTITY), ledger, [], T0 + timedelta(days=29)), Allowed)
    late = decide(request(K.IDENTITY), ledger, [], T0 + timedelta(days=30))
    assert isinstance(late, Blocked)
    assert "ran out on 2026-12-01" in late.reason


def test_consent_from_a_person_without_capacity_to_give_it_does_not_count() -> None:
    decision = decide(request(K.IDENTITY), [consent(capacity=False)], [], T0)

    assert isinstance(decision, Blocked)
    assert "lacked capacity to consent" in decision.reason


def test_an_attorney_can_consent_for_a_person_who_lacks_capacity() -> None:
    ledger = [consent(by=DecidedBy.ATTORNEY, capacity=False)]

    assert isinstance(decide(request(K.IDENTITY), ledger, [], T0), Allowed)


def test_consent_for_one_purpose_does_not_cover_another() -> None:
    decision = decide(request(K.RISKS, purpose=Purpose.CRIMINAL_INVESTIGATION), [consent()], [], T0)

    assert isinstance(decision, Blocked)


def test_an_approved_override_shares_what_the_purpose_needs_without_consent() -> None:
    refused = consent(ConsentStatus.REFUSED)
    override = an_override(at=T0 + timedelta(hours=1))

    decision = decide(
        request(K.IDENTITY, K.HEALTH, K.ALLEGATION), [refused], [override], T0 + timedelta(hours=2)
    )

    assert isinstance(decision, Overridden)
    assert decision.kinds == {K.IDENTITY, K.HEALTH}
    assert decision.override == override


def test_consent_withdrawn_after_an_override_was_approved_blocks_it_until_approved_again() -> None:
    override = an_override(at=T0 + timedelta(hours=1))
    withdrawn = consent(ConsentStatus.WITHDRAWN, at=T0 + timedelta(hours=2))

    decision = decide(request(K.IDENTITY), [withdrawn], [override], T0 + timedelta(hours=3))

    assert isinstance(decision, Blocked)
    again = an_override(at=T0 + timedelta(hours=4))
    assert isinstance(
        decide(request(K.IDENTITY), [withdrawn], [override, again], T0 + timedelta(hours=5)),
        Overridden,
    )


def test_an_override_is_not_in_force_before_it_is_approved() -> None:
    override = an_override(at=T0 + timedelta(hours=1))

    assert isinstance(decide(request(K.IDENTITY), [], [override], T0), Blocked)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"narrative": "  "}, "narrative"),
        ({"approved_by": "practitioner-1"}, "other than the requester"),
        ({"person_told": None}, "either how the person was told"),
        ({"why_not_told": "Telling her would alert him."}, "either how the person was told"),
    ],
)
def test_an_override_needs_narrative_second_manager_and_telling_the_person(
    changes: dict[str, str | None], message: str
) -> None:
    fields = {**an_override().__dict__, **changes}

    with pytest.raises(ValueError, match=message):
        ApprovedOverride(**fields)


def test_a_request_for_nothing_is_blocked() -> None:
    assert isinstance(decide(request(), [consent()], [], T0), Blocked)


# --- Properties over any ledger, overrides, request and moment -----------------------------------

moments = st.integers(min_value=0, max_value=20).map(lambda hours: T0 + timedelta(hours=hours))
kinds = st.frozensets(st.sampled_from(list(InformationKind)))
purposes = st.sampled_from([Purpose.CARE_AND_SUPPORT_PLANNING, Purpose.CRIMINAL_INVESTIGATION])
decisions = st.builds(
    consent,
    st.sampled_from(list(ConsentStatus)),
    at=moments,
    scope=kinds,
    purpose=purposes,
    by=st.sampled_from(list(DecidedBy)),
    capacity=st.booleans(),
    until=st.none() | moments,
)
overrides = st.builds(an_override, at=moments, purpose=purposes)


@settings(max_examples=400, deadline=None)
@given(
    ledger=st.lists(decisions, max_size=6),
    approved=st.lists(overrides, max_size=2),
    asked=kinds,
    purpose=purposes,
    at=moments,
)
def test_nothing_is_ever_shared_beyond_consent_or_an_override_in_force(
    ledger: list[ConsentDecision],
    approved: list[ApprovedOverride],
    asked: frozenset[InformationKind],
    purpose: Purpose,
    at: datetime,
) -> None:
    decision = decide(DisclosureRequest(HEALTH_AGENCY, purpose, asked), ledger, approved, at)

    if isinstance(decision, Blocked):
        assert decision.reason
        return
    assert decision.kinds, "a decision to share shares something"
    assert decision.kinds <= asked & PURPOSE_NEEDS[purpose]
    assert set(decision.withheld) == asked - decision.kinds
    if isinstance(decision, Allowed):
        in_force = [d for d in ledger if d.purpose is purpose and d.decided_at <= at]
        latest = max(d.decided_at for d in in_force)
        # The consent that decided is the last one recorded at the latest moment: a withdrawal
        # recorded at the same moment after it would have won.
        assert decision.consent is [d for d in in_force if d.decided_at == latest][-1]
        assert decision.consent.status is ConsentStatus.GIVEN
        assert decision.consent.valid_until is None or at < decision.consent.valid_until
        assert (
            decision.consent.had_capacity_to_consent
            or decision.consent.decided_by is not DecidedBy.PERSON
        )
        assert decision.kinds <= decision.consent.scope
    else:
        override = decision.override
        assert override.purpose is purpose
        assert override.approved_at <= at
        assert not any(
            d.status is ConsentStatus.WITHDRAWN
            and d.purpose is purpose
            and override.approved_at < d.decided_at <= at
            for d in ledger
        )
