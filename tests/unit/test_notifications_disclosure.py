"""A disclosure's rules (pure): who may ask, override, approve and deliver, and what goes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.notifications.domain import disclosure as d
from services.notifications.domain.errors import NotAllowed, RuleBroken, WrongStage
from shared.auth import Actor, Role
from shared.contracts.notifications import InformationShared, SharingBlocked
from shared.events import DomainEvent
from shared.sharing import ConsentDecision, ConsentStatus, DecidedBy, OverrideGround, Purpose
from shared.sharing import InformationKind as K

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 26, 10, tzinfo=UTC)
LEAD = Actor(user_id="p-1", agency_id="asc", role=Role.PRACTITIONER)
MANAGER = Actor(user_id="m-1", agency_id="asc", role=Role.MANAGER)
OTHER_MANAGER = Actor(user_id="m-2", agency_id="asc", role=Role.MANAGER)
ENQUIRY = uuid.uuid4()


def given(kinds: set[K], at: datetime = NOW - timedelta(days=1)) -> ConsentDecision:
    return ConsentDecision(
        "police",
        Purpose.CRIMINAL_INVESTIGATION,
        ConsentStatus.GIVEN,
        at,
        DecidedBy.PERSON,
        True,
        frozenset(kinds),
    )


def withdrawn(at: datetime) -> ConsentDecision:
    return ConsentDecision(
        "police",
        Purpose.CRIMINAL_INVESTIGATION,
        ConsentStatus.WITHDRAWN,
        at,
        DecidedBy.PERSON,
        True,
    )


def requested(ledger: list[ConsentDecision], kinds: set[K]) -> list[DomainEvent]:
    return d.request_disclosure(
        disclosure_id=uuid.uuid4(),
        enquiry_id=ENQUIRY,
        lead_agency_id="asc",
        actor=LEAD,
        recipient_agency_id="police",
        purpose=Purpose.CRIMINAL_INVESTIGATION,
        kinds=frozenset(kinds),
        ledger=ledger,
        now=NOW,
    )


def content(kinds: frozenset[K]) -> dict[str, object]:
    return {kind.value: {"x": 1} for kind in K}  # more than asked: the domain must filter


def test_allowed_delivers_only_what_purpose_and_consent_allow() -> None:
    ledger = [given({K.IDENTITY, K.ALLEGATION, K.HEALTH})]
    events = requested(ledger, {K.IDENTITY, K.RISKS, K.HEALTH})
    state = d.fold(events)
    assert state is not None
    assert state.stage is d.Stage.REQUESTED
    [shared] = d.deliver(state, actor=LEAD, ledger=ledger, content_of=content, now=NOW)
    assert isinstance(shared, InformationShared)
    assert shared.kinds == ["identity"]
    assert set(shared.content) == {"identity"}
    assert shared.withheld == {
        "health": "not needed for a criminal investigation",
        "risks": "not within what the person agreed to share",
    }


def test_blocked_at_request_with_the_reason() -> None:
    events = requested([], {K.IDENTITY})
    assert isinstance(events[-1], SharingBlocked)
    assert events[-1].reason.startswith("There is no consent to share for a criminal investigation")


def test_only_the_lead_agency_may_ask() -> None:
    with pytest.raises(NotAllowed):
        d.request_disclosure(
            disclosure_id=uuid.uuid4(),
            enquiry_id=ENQUIRY,
            lead_agency_id="asc",
            actor=Actor(user_id="o-1", agency_id="police", role=Role.PRACTITIONER),
            recipient_agency_id="health",
            purpose=Purpose.HEALTH_TREATMENT,
            kinds=frozenset({K.HEALTH}),
            ledger=[],
            now=NOW,
        )


def blocked_then_overridden(told: str | None = "Told by phone at 10:00") -> list[DomainEvent]:
    events = requested([], {K.IDENTITY, K.ALLEGATION})
    events += d.request_override(
        fold(events),
        actor=LEAD,
        override_id=uuid.uuid4(),
        ground=OverrideGround.CRIME,
        narrative="He took her savings.",
        person_told=told,
        why_not_told=None if told else "He reads her post",
        now=NOW,
    )
    return events


def fold(events: list[DomainEvent]) -> d.Disclosure:
    state = d.fold(events)
    assert state is not None
    return state


def test_an_override_needs_a_narrative_and_how_the_person_was_told_or_why_not() -> None:
    state = fold(requested([], {K.IDENTITY}))
    with pytest.raises(RuleBroken):
        d.request_override(
            state,
            actor=LEAD,
            override_id=uuid.uuid4(),
            ground=OverrideGround.CRIME,
            narrative="  ",
            person_told="told",
            why_not_told=None,
            now=NOW,
        )
    with pytest.raises(RuleBroken):
        d.request_override(
            state,
            actor=LEAD,
            override_id=uuid.uuid4(),
            ground=OverrideGround.CRIME,
            narrative="why",
            person_told=None,
            why_not_told=" ",
            now=NOW,
        )


def test_an_override_is_asked_for_only_once_sharing_was_blocked() -> None:
    allowed = fold(requested([given({K.IDENTITY})], {K.IDENTITY}))
    with pytest.raises(WrongStage):
        d.request_override(
            allowed,
            actor=LEAD,
            override_id=uuid.uuid4(),
            ground=OverrideGround.CRIME,
            narrative="why",
            person_told="told",
            why_not_told=None,
            now=NOW,
        )


def test_an_override_is_approved_by_a_manager_other_than_the_requester() -> None:
    state = fold(blocked_then_overridden())
    with pytest.raises(NotAllowed, match="Only a manager"):
        d.approve_override(state, actor=LEAD, now=NOW)
    requester_as_manager = Actor(user_id=LEAD.user_id, agency_id="asc", role=Role.MANAGER)
    with pytest.raises(NotAllowed, match="other than"):
        d.approve_override(state, actor=requester_as_manager, now=NOW)
    assert d.approve_override(state, actor=MANAGER, now=NOW)


def test_withdrawal_after_approval_blocks_delivery() -> None:
    events = blocked_then_overridden()
    approved = fold([*events, *d.approve_override(fold(events), actor=MANAGER, now=NOW)])
    later = NOW + timedelta(hours=1)
    [blocked] = d.deliver(
        approved,
        actor=LEAD,
        ledger=[withdrawn(later - timedelta(minutes=1))],
        content_of=content,
        now=later,
    )
    assert isinstance(blocked, SharingBlocked)
    assert blocked.stage == "delivery"
    [shared] = d.deliver(approved, actor=LEAD, ledger=[], content_of=content, now=later)
    assert isinstance(shared, InformationShared)
    assert shared.basis == "override"
    assert set(shared.content) == {"identity", "allegation"}


def test_delivery_only_at_the_right_stage() -> None:
    waiting = fold(blocked_then_overridden())
    with pytest.raises(WrongStage, match="waiting for a manager"):
        d.deliver(waiting, actor=LEAD, ledger=[], content_of=content, now=NOW)
