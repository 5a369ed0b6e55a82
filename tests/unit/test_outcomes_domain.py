"""Outcomes' pure rules: no database, no event loop."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.outcomes.domain import outcome_decisions as outcomes
from services.outcomes.domain import plan_decisions as plans
from services.outcomes.domain import rules
from services.outcomes.domain.context import Context
from services.outcomes.domain.due import (
    DueKind,
    action_report_date,
    mark_stream_id,
    review_report_dates,
)
from services.outcomes.domain.state import EnquiryOutcomes, evolve, fold
from shared.contracts import outcomes as facts
from shared.events import DomainEvent
from shared.http.errors import NotFound

pytestmark = pytest.mark.unit
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
ENQUIRY = uuid.UUID(int=1)


def context(**overrides: object) -> Context:
    return Context(**{"now": NOW, "lead_agency_id": "adult-social-care", **overrides})  # type: ignore[arg-type]


def recorded(
    rank: int | None = None, outcome_id: uuid.UUID | None = None
) -> facts.DesiredOutcomeRecorded:
    return facts.DesiredOutcomeRecorded(
        enquiry_id=ENQUIRY,
        outcome_id=outcome_id or uuid.uuid4(),
        words="I want to feel safer",
        expressed_by="person",
        rank=rank,
        recorded_at=NOW,
    )


def with_outcomes(*ranks: int | None) -> tuple[EnquiryOutcomes, list[uuid.UUID]]:
    state, ids = fold(ENQUIRY, []), []
    for rank in ranks:
        event = recorded(rank)
        state = evolve(state, outcomes.record_outcome(state, context(), event))
        ids.append(event.outcome_id)
    return state, ids


def then(state: EnquiryOutcomes, events: list[DomainEvent]) -> EnquiryOutcomes:
    return evolve(state, events)


def test_the_first_outcome_schedules_the_first_review_one_interval_ahead() -> None:
    state = fold(ENQUIRY, [])
    events = outcomes.record_outcome(state, context(review_interval_days=14), recorded())

    assert [type(e) for e in events] == [facts.DesiredOutcomeRecorded, facts.ReviewScheduled]
    assert events[1].due_on == TODAY + timedelta(days=14)  # type: ignore[attr-defined]


def test_a_rank_already_held_by_an_active_outcome_is_refused() -> None:
    state, _ = with_outcomes(1)

    with pytest.raises(rules.RankTaken) as refused:
        outcomes.record_outcome(state, context(), recorded(rank=1))
    assert refused.value.field == "rank"


def test_a_withdrawn_outcome_frees_its_rank_and_cannot_change() -> None:
    state, (first,) = with_outcomes(1)
    state = then(
        state, outcomes.withdraw(state, context(), outcome_id=first, reason="changed mind")
    )

    assert outcomes.record_outcome(state, context(), recorded(rank=1))
    with pytest.raises(rules.OutcomeWithdrawn):
        outcomes.revise(
            state, context(), outcome_id=first, words="x", reason="r", agreed_by="a", rank=None
        )


def test_a_revision_keeps_the_old_words_beside_the_new() -> None:
    state, (first,) = with_outcomes(None)
    (revision,) = outcomes.revise(
        state,
        context(),
        outcome_id=first,
        words="This is OK",
        reason="feels safer",
        agreed_by="the person",
        rank=2,
    )

    assert isinstance(revision, facts.DesiredOutcomeRevised)
    assert (revision.previous_words, revision.words) == ("I want to feel safer", "This is OK")


def test_assessing_twice_is_refused() -> None:
    state, (first, _) = with_outcomes(None, None)
    state = then(
        state,
        outcomes.assess(
            state,
            context(),
            outcome_id=first,
            achievement=facts.Achievement.FULLY,
            persons_view="yes",
            person_agrees=True,
        ),
    )

    with pytest.raises(rules.OutcomeAlreadyAssessed):
        outcomes.assess(
            state,
            context(),
            outcome_id=first,
            achievement=facts.Achievement.NOT,
            persons_view="no",
            person_agrees=False,
        )


def test_the_last_assessment_concludes_with_the_roll_up() -> None:
    state, (a, b, c) = with_outcomes(1, 2, None)
    state = then(
        state,
        outcomes.record_asked(
            state,
            context(),
            code=facts.AskedCode.ASKED_AND_EXPRESSED,
            asked_by="p-1",
            asked_whom=facts.ExpressedBy.PERSON,
            asked_on=TODAY,
        ),
    )
    state = then(state, outcomes.withdraw(state, context(), outcome_id=c, reason="r"))
    state = then(
        state,
        outcomes.assess(
            state,
            context(),
            outcome_id=a,
            achievement=facts.Achievement.PARTIALLY,
            persons_view="some",
            person_agrees=True,
        ),
    )
    events = outcomes.assess(
        state,
        context(),
        outcome_id=b,
        achievement=facts.Achievement.NOT,
        persons_view="no",
        person_agrees=False,
    )

    conclusion = events[-1]
    assert isinstance(conclusion, facts.OutcomesConcluded)
    assert (conclusion.fully, conclusion.partially, conclusion.not_achieved) == (0, 1, 1)
    assert conclusion.asked_code == facts.AskedCode.ASKED_AND_EXPRESSED
    assert then(state, events).review_due_on is None


def test_withdrawing_the_last_unassessed_outcome_concludes_and_cancels_its_actions() -> None:
    state, (a, b) = with_outcomes(None, None)
    state = then(
        state,
        outcomes.assess(
            state,
            context(),
            outcome_id=a,
            achievement=facts.Achievement.FULLY,
            persons_view="yes",
            person_agrees=True,
        ),
    )
    action = facts.ActionAgreed(
        enquiry_id=ENQUIRY,
        action_id=uuid.uuid4(),
        outcome_id=b,
        what="w",
        owner=facts.ActionOwner.PERSON,
        due_on=TODAY,
        report_back="phone",
        agreed_at=NOW,
    )
    state = then(state, plans.agree_action(state, context(), action))

    events = outcomes.withdraw(state, context(), outcome_id=b, reason="no longer wanted")

    assert [type(e) for e in events] == [
        facts.DesiredOutcomeWithdrawn,
        facts.ActionCancelled,
        facts.OutcomesConcluded,
    ]


def test_an_action_due_in_the_past_is_refused_naming_the_date() -> None:
    state, (a,) = with_outcomes(None)
    action = facts.ActionAgreed(
        enquiry_id=ENQUIRY,
        action_id=uuid.uuid4(),
        outcome_id=a,
        what="w",
        owner=facts.ActionOwner.AGENCY,
        owner_agency_id="police",
        due_on=TODAY - timedelta(days=1),
        report_back="r",
        agreed_at=NOW,
    )

    with pytest.raises(rules.DueDateInPast) as refused:
        plans.agree_action(state, context(), action)
    assert refused.value.field == "due_on"


def test_nothing_changes_on_a_closed_enquiry() -> None:
    state, (a,) = with_outcomes(None)

    with pytest.raises(rules.EnquiryIsClosed):
        outcomes.withdraw(state, context(closed=True), outcome_id=a, reason="r")


def test_an_unknown_outcome_is_not_found() -> None:
    state, _ = with_outcomes(None)

    with pytest.raises(NotFound):
        outcomes.withdraw(state, context(), outcome_id=uuid.uuid4(), reason="r")


def test_a_review_cannot_be_recorded_before_it_is_held() -> None:
    state, _ = with_outcomes(None)

    with pytest.raises(rules.DateInFuture):
        plans.hold_review(
            state,
            context(),
            review_id=uuid.uuid4(),
            held_on=TODAY + timedelta(days=1),
            attendees=[],
            person_attended=True,
            advocate_attended=False,
            persons_view="v",
            progress=[],
            next_due_on=None,
        )


def test_report_dates_follow_the_due_date_and_stop_once_reported_or_not_swept() -> None:
    due = date(2027, 3, 20)

    assert review_report_dates(due, soon_reported=False, overdue_reported=False, sweeping=True) == (
        date(2027, 3, 13),
        date(2027, 3, 21),
    )
    assert review_report_dates(due, soon_reported=True, overdue_reported=False, sweeping=True) == (
        None,
        date(2027, 3, 21),
    )
    assert review_report_dates(due, soon_reported=False, overdue_reported=True, sweeping=True) == (
        None,
        None,
    )
    assert review_report_dates(
        due, soon_reported=False, overdue_reported=False, sweeping=False
    ) == (None, None)
    assert action_report_date(due, reported=False, sweeping=True) == date(2027, 3, 21)
    assert action_report_date(due, reported=True, sweeping=True) is None


def test_each_report_has_its_own_stream_per_item_kind_and_date_within_the_id_limit() -> None:
    item = uuid.uuid4()
    ids = {
        mark_stream_id(kind, item, day)
        for kind in DueKind
        for day in (date(2027, 1, 1), date(2027, 1, 2))
    }

    assert len(ids) == 6
    assert max(len(i) for i in ids) <= 64
    assert mark_stream_id(DueKind.ACTION_OVERDUE, item, date(2027, 1, 1)) == mark_stream_id(
        DueKind.ACTION_OVERDUE, item, date(2027, 1, 1)
    )


def a_review(state: EnquiryOutcomes, ctx: Context, review_id: uuid.UUID) -> list[DomainEvent]:
    return plans.hold_review(
        state,
        ctx,
        review_id=review_id,
        held_on=TODAY,
        attendees=[],
        person_attended=True,
        advocate_attended=False,
        persons_view="v",
        progress=[],
        next_due_on=None,
    )


def test_a_review_id_is_used_once_in_an_enquiry() -> None:
    state, _ = with_outcomes(None)
    review_id = uuid.uuid4()
    state = then(state, a_review(state, context(), review_id))

    with pytest.raises(rules.IdAlreadyUsed) as refused:
        a_review(state, context(), review_id)

    assert refused.value.field == "review_id"


def test_an_id_another_enquiry_holds_is_refused_naming_the_field() -> None:
    state, _ = with_outcomes(None)
    taken = uuid.uuid4()
    elsewhere = context(ids_used_elsewhere=frozenset({taken}))

    with pytest.raises(rules.IdUsedElsewhere) as outcome:
        outcomes.record_outcome(state, elsewhere, recorded(outcome_id=taken))
    with pytest.raises(rules.IdUsedElsewhere) as review:
        a_review(state, elsewhere, taken)

    assert (outcome.value.field, review.value.field) == ("outcome_id", "review_id")
    assert outcomes.record_outcome(state, context(), recorded(outcome_id=taken))
