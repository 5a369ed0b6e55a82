"""Signing in as a person would: with the keyboard alone, with mistakes, without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from services.portal.demo_accounts import DEMO_PASSWORD
from tests.browser.people import email_of
from tests.browser.platform import Platform

pytestmark = pytest.mark.browser
MAX_TABS = 30


def focused(page: Page) -> str:
    """The focused element, as `tag#id` or `tag:text`."""
    description: str = page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : ':' + e.innerText.trim()); }"
    )
    return description


def tab_to(page: Page, target: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(page) == target:
            return
    raise AssertionError(f"Tab never reached {target}; stopped at {focused(page)}")


def test_the_first_tab_reaches_the_skip_link_which_moves_to_the_main_content(page: Page) -> None:
    page.goto("/sign-in")

    page.keyboard.press("Tab")
    assert focused(page) == "a:Skip to main content"
    page.keyboard.press("Enter")

    assert page.url.endswith("#main-content")


def test_a_practitioner_signs_in_with_the_keyboard_alone(page: Page) -> None:
    page.goto("/sign-in")

    tab_to(page, "input#email")
    page.keyboard.type(email_of("asc-practitioner"))
    tab_to(page, "input#password")
    page.keyboard.type(DEMO_PASSWORD)
    tab_to(page, "button:Sign in")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    assert page.url.endswith("/caseload")


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_email(page: Page) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email_of("asc-practitioner"))
    page.get_by_label("Password", exact=True).fill("not my password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("alert")).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend's script moves focus to the summary
    expect(page.get_by_label("Email address")).to_have_value(email_of("asc-practitioner"))
    summary.get_by_role("link", name="Check your password").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    assert page.title().startswith("Error: ")


def test_signing_in_and_out_works_without_javascript(browser: Browser, platform: Platform) -> None:
    context = browser.new_context(base_url=platform.portal_url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/sign-in")
        page.get_by_label("Email address").fill(email_of("police-officer"))
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("You have signed out.")).to_be_visible()
        page.goto("/caseload")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    finally:
        context.close()
