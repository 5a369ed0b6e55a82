"""The demo accounts, as people in the browser tests use them."""

from __future__ import annotations

from playwright.sync_api import Page

from services.portal.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD


def email_of(user_id: str) -> str:
    return next(account.email for account in DEMO_ACCOUNTS if account.user_id == user_id)


def sign_in_as(page: Page, user_id: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email_of(user_id))
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
