"""Case study 2 (Sam) from concern to closure in the browser: a practitioner raises the concern,
records how Sam wants to communicate in her own words, the risk, her capacity for decisions
about her relationship and her consent; a manager decides section 42; Sam's desired outcome
and its final assessment go through outcomes' HTTP API (the outcomes forms are built on another
branch); the practitioner concludes the risk and proposes closure with its reason; a manager
who is not the lead signs it off; the closed enquiry shows it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from shared.auth import Actor, Role
from tests.browser.people import sign_in_as
from tests.browser.platform import Platform
from tests.support import bearer

pytestmark = pytest.mark.browser
SAMS_WORDS = "I want to be at the meetings and say what I want. Don't talk about me without me."
PRACTITIONER = Actor(
    user_id="asc-practitioner", agency_id="adult-social-care", role=Role.PRACTITIONER
)
GIVE_UP_S = 60.0


def until(check: Callable[[], bool], what: str) -> None:
    """Waits for what another service learns through events; fails only after a long while."""
    deadline = time.monotonic() + GIVE_UP_S
    while not check():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.3)


def fill(page: Page, answers: dict[str, str]) -> None:
    for label, value in answers.items():
        page.get_by_label(label, exact=True).fill(value)


def choose(page: Page, *labels: str) -> None:
    for label in labels:
        page.get_by_label(label, exact=True).check()


def press(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def outcomes_api(platform: Platform, method: str, path: str, body: Any = None) -> httpx.Response:
    with httpx.Client(base_url=platform.settings.url_of("outcomes")) as client:
        return client.request(
            method, path, json=body, headers=bearer(platform.settings, PRACTITIONER)
        )


def record_sams_outcome_and_its_assessment(platform: Platform, enquiry_id: str) -> None:
    board_path = f"/enquiries/{enquiry_id}/outcomes"
    until(lambda: outcomes_api(platform, "GET", board_path).status_code == 200, "outcomes knows")
    version = outcomes_api(platform, "GET", board_path).json()["version"]
    recorded = outcomes_api(
        platform,
        "POST",
        board_path,
        {
            "expected_version": version,
            "words": "I want to live somewhere new, away from him, where I feel safe.",
            "expressed_by": "person",
            "rank": 1,
        },
    )
    assert recorded.status_code in (200, 201), recorded.text
    outcome_id = recorded.json()["id"]
    assessed = outcomes_api(
        platform,
        "POST",
        f"{board_path}/{outcome_id}/assessment",
        {
            "expected_version": recorded.json()["version"],
            "achievement": "Fully Achieved",
            "persons_view": "I like my new place. I decided it myself.",
            "person_agrees": True,
        },
    )
    assert assessed.status_code in (200, 201), assessed.text


def test_sam_from_concern_to_closure(page: Page, platform: Platform) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto("/concerns/new")
    fill(page, {"Their name": "Sam", "Day": "21", "Month": "9", "Year": "1996"})
    press(page, "Continue")
    fill(
        page,
        {
            "What happened?": "Sam told staff her boyfriend made her do things she didn't want to.",
            "Day": "2",
            "Month": "11",
            "Year": "2026",
        },
    )
    press(page, "Continue")
    fill(page, {"Their name": "Support worker", "Their role": "Supported living staff"})
    press(page, "Continue")
    press(page, "Raise the concern")
    expect(page).to_have_url(re.compile(r"/enquiries/[0-9a-f-]{36}$"))
    enquiry = page.url.split("#")[0]
    enquiry_id = enquiry.rsplit("/", 1)[1]

    page.get_by_role("link", name="Record how Sam wants to communicate").click()
    page.get_by_label("In their own words").fill(SAMS_WORDS)
    page.locator("#contact_allowed").check()  # face to face
    press(page, "Save the preferences")
    expect(page.locator("main")).to_contain_text(f"“{SAMS_WORDS}”")  # exactly, quoted

    page.get_by_role("link", name="Record a risk").click()
    choose(page, "Sexual Abuse", "Other - Known to individual")
    page.get_by_label("Where is the risk?").select_option("Own Home")
    press(page, "Record the risk")

    page.get_by_role("link", name="Record a capacity assessment").click()
    fill(
        page,
        {
            "Which decision was assessed?": "Decisions about her relationship",
            "Who assessed it?": "Alex Morgan, social worker",
            "Day": "3",
            "Month": "11",
            "Year": "2026",
        },
    )
    choose(page, "No, they did not lack capacity")
    page.locator("#fluctuates-2").check()  # no
    press(page, "Record the assessment")

    page.get_by_role("link", name="Record a consent decision").click()
    page.locator("input[name=recipient][value=health]").check()
    choose(page, "Their health care", "Given", "The person")
    page.locator("#capacity").check()  # yes
    page.locator("input[name=kinds][value=identity]").check()
    page.locator("input[name=kinds][value=health]").check()
    press(page, "Record the decision")
    expect(page.locator("#consent ~ table").first).to_contain_text("Given")

    record_sams_outcome_and_its_assessment(platform, enquiry_id)
    page.get_by_role("link", name=re.compile("^Conclude")).click()
    choose(page, "Risk identified and action taken", "Risk removed")
    press(page, "Record the conclusion")
    page.get_by_role("link", name="Closure").click()
    choose(page, "Outcomes met or the risk managed")
    press(page, "Propose closure")
    expect(page.locator("main")).to_contain_text("Proposed reason")
    page.get_by_role("button", name="Sign out").click()

    sign_in_as(page, "asc-manager")
    page.goto(f"{enquiry}/record/section-42")
    for test, reason in (
        ("needs_care_and_support", "Moderate learning disability; supported living."),
        ("experiencing_or_at_risk_of_abuse", "Previous referrals alleging sexual abuse."),
        ("unable_to_protect_themselves", "She feels she cannot stop him on her own."),
    ):
        page.locator(f"#{test}_met").check()  # yes
        page.locator(f"#{test}_reason").fill(reason)
    choose(page, "Section 42 enquiry")
    press(page, "Record the decision")
    expect(page.locator("main")).to_contain_text("Yes: She feels she cannot stop him on her own.")

    page.goto(f"{enquiry}/closure")

    def nothing_blocks() -> bool:
        page.reload()
        return "Nothing: every closure rule is met." in page.locator("main").inner_text()

    until(nothing_blocks, "intake learns Sam's outcome was assessed")
    expect(page.get_by_label("Outcomes met or the risk managed")).to_be_checked()  # as proposed
    press(page, "Sign off and close the enquiry")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enquiry closed")

    page.goto(enquiry)
    expect(page.locator("main")).to_contain_text("Closed")
    expect(page.get_by_role("link", name="Closure: closed")).to_be_visible()
    expect(page.get_by_role("link", name="Record a risk")).to_have_count(0)
