"""The forms that change the person's outcomes, through the portal as a practitioner uses them:
record (their words kept exactly), change (first words kept), add and complete an action,
record a review, withdraw; refusals beside the field with nothing changed. Real services."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from shared.settings import Settings
from tests.integration.test_portal_enquiry_record import PRACTITIONER, Record
from tests.portal_support import actor_of, as_shown, csrf_token, portal_platform, sign_in

pytestmark = pytest.mark.integration
# Awkward on purpose: curly quotes, a dash, an accent, an emoji, leading and trailing spaces.
WORDS = "  I want to go to “my” college — on my own, café after 😊  "
VERSION = re.compile(r'name="expected_version" value="(\d+)"')


async def form_of(browser: httpx.AsyncClient, path: str) -> dict[str, str]:
    page = await browser.get(path)
    assert page.status_code == 200, page.text
    version = VERSION.search(page.text)
    assert version, "the form quotes no version"
    return {"csrftoken": csrf_token(page.text), "expected_version": version.group(1)}


async def send(browser: httpx.AsyncClient, path: str, answers: dict[str, str]) -> httpx.Response:
    """The form at `path` read for its token and version, then sent with `answers`."""
    return await browser.post(path, data={**await form_of(browser, path), **answers})


def day_fields(name: str, day: datetime) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


async def test_outcomes_reviews_and_actions_are_recorded_through_the_forms(
    settings: Settings,
) -> None:
    today = datetime.now(UTC)
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        actor = actor_of(PRACTITIONER)
        await platform.knows("outcomes", record.enquiry_id, actor)
        base = f"/enquiries/{record.enquiry_id}"

        async def board() -> Any:
            return await platform.call("outcomes", actor, "GET", f"{base}/outcomes")

        async with httpx.AsyncClient(base_url=platform.portal) as browser:
            await sign_in(browser, PRACTITIONER.email)
            new = f"{base}/outcomes/new"
            blank = await send(browser, new, {"words": "   "})
            assert blank.status_code == 400
            assert "There is a problem" in blank.text
            assert 'href="#words"' in blank.text
            assert "Enter what they said, in their words" in blank.text
            assert (await board())["outcomes"] == []

            wish = {"words": WORDS, "kind": "wish", "expressed_by": "person", "rank": "1"}
            recorded = await send(browser, new, wish)
            assert recorded.status_code == 303, recorded.text
            [outcome] = (await board())["outcomes"]
            assert outcome["words"] == WORDS
            # A second priority 1: outcomes refuses, the page says so and keeps what was typed.
            clash = await send(browser, new, {**wish, "words": "Another wish"})
            assert clash.status_code == 400
            assert "There is a problem" in clash.text
            assert "Another wish</textarea>" in clash.text
            assert len((await board())["outcomes"]) == 1

            oid = outcome["outcome_id"]
            change = f"{base}/outcomes/{oid}/change"
            shown = await browser.get(change)
            assert f"{as_shown(WORDS)}</textarea>" in shown.text
            stale = await form_of(browser, change)
            changed = await browser.post(
                change,
                data={
                    **stale,
                    "words": "I want to go to college on my own.",
                    "reason": "Sam starts in January.",
                    "agreed_by": "Sam and her advocate",
                },
            )
            assert changed.status_code == 303

            action = f"{base}/outcomes/{oid}/action"
            added = await send(
                browser,
                action,
                {
                    "what": "Travel training",
                    "owner": "agency",
                    "owner_agency_id": "adult-social-care",
                    **day_fields("due_on", today),
                    "report_back": "Alex tells Sam face to face",
                },
            )
            assert added.status_code == 303, added.text
            [open_action] = (await board())["outcomes"][0]["actions"]
            later = today + timedelta(days=3)
            new_date = f"{base}/actions/{open_action['action_id']}/new-date"
            moved = await send(
                browser, new_date, {**day_fields("due_on", later), "reason": "The trainer is away"}
            )
            assert moved.status_code == 303, moved.text
            page = await browser.get(f"{base}/outcomes")
            assert "Due soon or overdue" in page.text
            assert "Action due" in page.text
            button = VERSION.search(page.text)
            assert button, "no Mark as done button"
            done = await browser.post(
                f"{base}/actions/{open_action['action_id']}/completion",
                data={"csrftoken": csrf_token(page.text), "expected_version": button.group(1)},
            )
            assert done.status_code == 303

            review = f"{base}/reviews/new"
            held = await send(
                browser,
                review,
                {
                    **day_fields("held_on", today),
                    "attendees": "Sam\r\nAlex Morgan\r\n",
                    "person_attended": "yes",
                    "advocate_attended": "no",
                    "persons_view": "It\u2019s getting better.",
                    f"progress_{oid}": "on track",
                },
            )
            assert held.status_code == 303, held.text

            schedule = f"{base}/review-date"
            past = await send(browser, schedule, day_fields("due_on", today - timedelta(days=2)))
            assert past.status_code == 400
            assert "The review date must be today or later" in past.text
            assert 'href="#due_on-day"' in past.text

            # Sent with the version from before the action and the review: refused, not applied.
            withdraw = f"{base}/outcomes/{oid}/withdraw"
            late = await browser.post(withdraw, data={**stale, "reason": "Sam changed her mind"})
            assert late.status_code == 400
            assert "Someone else changed these outcomes" in late.text
            assert "Sam changed her mind</textarea>" in late.text

            assess = f"{base}/outcomes/{oid}/assess"
            assessed = await send(
                browser,
                assess,
                {
                    "achievement": "Partially Achieved",
                    "persons_view": "I go on Mondays now.",
                    "person_agrees": "yes",
                },
            )
            assert assessed.status_code == 303, assessed.text

        final = await board()

    [outcome] = final["outcomes"]
    assert outcome["status"] != "withdrawn"
    assert outcome["original_words"] == WORDS
    assert outcome["words"] == "I want to go to college on my own."
    assert outcome["actions"][0]["status"] == "done"
    assert outcome["actions"][0]["due_on"] == later.date().isoformat()
    assert outcome["last_progress"] == "on track"
    assert outcome["assessment"]["persons_view"] == "I go on Mondays now."
    assert final["last_review"]["attendees"] == ["Sam", "Alex Morgan"]
    assert final["last_review"]["persons_view"] == "It\u2019s getting better."
