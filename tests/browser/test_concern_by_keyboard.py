"""Raising a concern with the keyboard alone, mistakes included: every step reached by Tab and
typed into, errors read out in the summary, the answers kept, and the enquiry opened."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.people import sign_in_as
from tests.browser.test_sign_in import focused, tab_to

pytestmark = pytest.mark.browser


def type_into(page: Page, field_id: str, text: str) -> None:
    tab_to(page, f"input#{field_id}" if field_id != "what_happened" else "textarea#what_happened")
    page.keyboard.type(text)


def press_continue(page: Page) -> None:
    tab_to(page, "button#continue")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_concern_is_raised_with_the_keyboard_alone(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto("/concerns/new")

    # A mistake first: the name left out.
    type_into(page, "dob-day", "9")
    type_into(page, "dob-month", "5")
    type_into(page, "dob-year", "2001")
    press_continue(page)
    expect(page.get_by_role("alert")).to_contain_text("Enter their name")
    assert focused(page).startswith("div")  # the error summary takes the focus
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # its link moves to the field
    assert focused(page) == "input#person_name"
    expect(page.locator("#dob-year")).to_have_value("2001")  # nothing typed lost
    page.keyboard.type("Keyboard Kim")
    press_continue(page)

    type_into(page, "what_happened", "Kim said her carer shouts at her.")
    type_into(page, "raised-day", "1")
    type_into(page, "raised-month", "11")
    type_into(page, "raised-year", "2026")
    press_continue(page)

    type_into(page, "referrer_name", "Lee")
    type_into(page, "referrer_role", "Neighbour")
    press_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before raising the concern"
    )
    expect(page.locator("main")).to_contain_text("Kim said her carer shouts at her.")
    press_continue(page)

    expect(page).to_have_url(re.compile(r"/enquiries/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enquiry about Keyboard Kim")
