"""Raise a concern step by step: each step checks its answers (errors beside the fields and in
the summary, nothing typed lost), the answers never go in the address, and the last step opens
the enquiry in intake with the words as typed."""

from __future__ import annotations

import html
import re
import uuid

import httpx
import pytest

from shared.auth import Role
from shared.settings import Settings
from tests.portal_support import (
    a_new_account,
    actor_of,
    as_shown,
    csrf_token,
    portal_platform,
    sign_in,
)

pytestmark = pytest.mark.integration
PRACTITIONER = a_new_account("asc-1", "adult-social-care", Role.PRACTITIONER)
WHAT_HAPPENED = 'She said "he takes my bank card" and\nshe doesn\'t want him to know.'
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


def fields_of(page: str) -> dict[str, str]:
    """What the browser would send back: the hidden fields carried from step to step."""
    return {name: html.unescape(value) for name, value in HIDDEN.findall(page)}


async def send(browser: httpx.AsyncClient, page: httpx.Response, **answers: str) -> httpx.Response:
    form = fields_of(page.text) | {"csrftoken": csrf_token(page.text)} | answers
    return await browser.post("/concerns/new", data=form)


async def test_a_concern_raised_step_by_step_opens_the_enquiry_with_the_words_as_typed(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        async with httpx.AsyncClient(base_url=platform.portal) as browser:
            await sign_in(browser, PRACTITIONER.email)
            person = await browser.get("/concerns/new")
            what = await send(
                browser, person, person_name="Sam", dob_day="9", dob_month="5", dob_year="2001"
            )
            referrer = await send(
                browser,
                what,
                what_happened=WHAT_HAPPENED,
                raised_day="2",
                raised_month="11",
                raised_year="2026",
            )
            check = await send(
                browser, referrer, referrer_name="Lee", referrer_role="Support worker"
            )
            done = await send(browser, check)
            enquiry_id = uuid.UUID(done.headers["location"].rsplit("/", 1)[1])
            again = await send(browser, check)  # sent twice: the same enquiry, not a second
        record = await platform.call(
            "intake", actor_of(PRACTITIONER), "GET", f"/enquiries/{enquiry_id}"
        )

    assert "Who is the concern about?" in person.text
    assert "What happened?" in what.text
    assert "step 2 of 4" in what.text
    assert "Who raised the concern?" in referrer.text
    assert "Check your answers" in check.text
    assert "Sam" in check.text
    assert done.status_code == 303
    assert again.status_code == 303
    assert again.headers["location"] == done.headers["location"]
    assert record["concern"]["what_happened"] == WHAT_HAPPENED
    assert record["concern"]["person"] == record["concern"]["person"] | {
        "name": "Sam",
        "date_of_birth": "2001-05-09",
    }
    assert record["concern"]["referrer"]["role"] == "Support worker"
    assert record["lead_practitioner_id"] == PRACTITIONER.user_id


async def test_errors_are_beside_each_field_and_in_the_summary_and_nothing_typed_is_lost(
    settings: Settings,
) -> None:
    async with (
        portal_platform(settings, PRACTITIONER) as platform,
        httpx.AsyncClient(base_url=platform.portal) as browser,
    ):
        await sign_in(browser, PRACTITIONER.email)
        person = await browser.get("/concerns/new")
        wrong = await send(
            browser, person, person_name="", dob_day="31", dob_month="2", dob_year="2001"
        )
        what = await send(
            browser, wrong, person_name="Sam", dob_day="9", dob_month="5", dob_year="2001"
        )
        future = await send(
            browser,
            what,
            what_happened=WHAT_HAPPENED,
            raised_day="1",
            raised_month="1",
            raised_year="2999",
        )
        back = await send(browser, future, go_to="person")

    assert wrong.status_code == 400
    assert "There is a problem" in wrong.text
    assert 'href="#person_name">Enter their name' in wrong.text
    assert 'href="#dob-day">Their date of birth must be a real date' in wrong.text
    assert 'id="person_name-error"' in wrong.text  # the message beside the field
    assert 'value="31"' in wrong.text
    assert 'value="2001"' in wrong.text
    assert "<title>Error: " in wrong.text
    assert future.status_code == 400
    assert "must be today or in the past" in future.text
    assert as_shown(WHAT_HAPPENED) in future.text  # the words typed, still there
    assert 'value="Sam"' in back.text  # going back keeps the answers too


async def test_the_answers_are_never_in_the_address(settings: Settings) -> None:
    async with (
        portal_platform(settings, PRACTITIONER) as platform,
        httpx.AsyncClient(base_url=platform.portal) as browser,
    ):
        await sign_in(browser, PRACTITIONER.email)
        person = await browser.get("/concerns/new")
        what = await send(
            browser, person, person_name="Sam", dob_day="9", dob_month="5", dob_year="2001"
        )

    assert 'method="post" action="/concerns/new"' in what.text
    assert "Sam" not in str(what.url)
