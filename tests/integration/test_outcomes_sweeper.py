"""The sweeper reports each due date once: across restarts, with two replicas sweeping at the
same moment, and again only when a new due date re-arms it. Closing an enquiry stops it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from services.outcomes.sweeper import sweep_once
from shared.clock import FixedClock
from shared.settings import Settings
from tests.outcomes_support import (
    agree_an_action,
    an_enquiry_led_by,
    change,
    close_enquiry,
    outcomes_running,
    record_an_outcome,
    reopen_enquiry,
    reports,
    reschedule_action,
    reschedule_review,
)

pytestmark = pytest.mark.integration
START = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SOON, REVIEW_LATE, ACTION_LATE = (
    "outcomes.ReviewDueSoon",
    "outcomes.ReviewOverdue",
    "outcomes.ActionOverdue",
)


async def test_each_due_date_is_reported_once_across_restarts_and_two_replicas(
    settings: Settings,
) -> None:
    clock = FixedClock(START)
    today = START.date()
    other = settings.model_copy(update={"replica": "second-replica"})
    async with outcomes_running(settings, clock) as first:
        enquiry_id = await an_enquiry_led_by(first)
        outcome_id = await record_an_outcome(first, enquiry_id)  # first review: today + 28
        action_id = await agree_an_action(first, enquiry_id, outcome_id, today + 2 * DAY)
        nothing_yet = await sweep_once(first)

        clock.advance(3 * DAY)
        async with outcomes_running(other, clock) as second:
            await asyncio.gather(sweep_once(first), sweep_once(second), sweep_once(first))
    async with outcomes_running(settings, clock) as restarted:  # a restart: same database
        await sweep_once(restarted)
        clock.advance(18 * DAY)  # today + 21: the review falls due within 7 days
        await asyncio.gather(sweep_once(restarted), sweep_once(restarted))
        clock.advance(8 * DAY)  # today + 29: overdue
        await sweep_once(restarted)
        await sweep_once(restarted)

        await reschedule_review(restarted, enquiry_id, today + 40 * DAY)  # re-armed
        await reschedule_action(restarted, enquiry_id, action_id, today + 45 * DAY)
        clock.advance(17 * DAY)  # today + 46: both new dates have passed
        await sweep_once(restarted)
        await sweep_once(restarted)
        found = await reports(restarted.db)

    assert nothing_yet.found == 0
    assert sorted(found) == sorted(
        [
            (ACTION_LATE, action_id, today + 2 * DAY),
            (SOON, enquiry_id, today + 28 * DAY),
            (REVIEW_LATE, enquiry_id, today + 28 * DAY),
            (REVIEW_LATE, enquiry_id, today + 40 * DAY),  # overdue already: not "due soon"
            (ACTION_LATE, action_id, today + 45 * DAY),
        ]
    )


async def test_a_closed_enquiry_is_not_swept_until_it_is_reopened(settings: Settings) -> None:
    clock = FixedClock(START)
    today = START.date()
    async with outcomes_running(settings, clock) as runtime:
        enquiry_id = await an_enquiry_led_by(runtime)
        outcome_id = await record_an_outcome(runtime, enquiry_id)
        action_id = await agree_an_action(runtime, enquiry_id, outcome_id, today)
        await close_enquiry(runtime, enquiry_id, version=2)
        clock.advance(30 * DAY)
        while_closed = await sweep_once(runtime)
        await reopen_enquiry(runtime, enquiry_id, version=3)
        await sweep_once(runtime)
        found = await reports(runtime.db)

    assert while_closed.found == 0
    assert sorted(found) == sorted(
        [(ACTION_LATE, action_id, today), (REVIEW_LATE, enquiry_id, today + 28 * DAY)]
    )


async def test_done_and_cancelled_actions_and_concluded_reviews_are_never_reported(
    settings: Settings,
) -> None:
    from services.outcomes.domain import outcome_decisions, plan_decisions
    from shared.contracts.outcomes import Achievement

    clock = FixedClock(START)
    today = START.date()
    async with outcomes_running(settings, clock) as runtime:
        enquiry_id = await an_enquiry_led_by(runtime)
        outcome_id = await record_an_outcome(runtime, enquiry_id)
        done = await agree_an_action(runtime, enquiry_id, outcome_id, today)
        cancelled = await agree_an_action(runtime, enquiry_id, outcome_id, today)
        await change(
            runtime, enquiry_id, lambda s, c: plan_decisions.complete_action(s, c, action_id=done)
        )
        await change(
            runtime,
            enquiry_id,
            lambda s, c: plan_decisions.cancel_action(s, c, action_id=cancelled, reason="no need"),
        )
        await change(
            runtime,
            enquiry_id,
            lambda s, c: outcome_decisions.assess(
                s,
                c,
                outcome_id=outcome_id,
                achievement=Achievement.FULLY,
                persons_view="all good",
                person_agrees=True,
            ),
        )
        clock.advance(60 * DAY)
        swept = await sweep_once(runtime)

    assert swept.found == 0
    assert await reports(runtime.db) == []
