"""Signing in to the portal over real HTTP, with its own database on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.auth import Role
from shared.clock import FixedClock
from shared.settings import Settings
from tests.portal_support import (
    PASSWORD,
    a_new_account,
    add_accounts,
    csrf_token,
    migrate_portal,
    portal_served,
    sign_in,
)

pytestmark = pytest.mark.integration
ACCOUNT = a_new_account("practitioner-1", "adult-social-care", Role.PRACTITIONER)
MANAGER = a_new_account("manager-1", "adult-social-care", Role.MANAGER)


async def with_accounts(settings: Settings) -> Settings:
    await migrate_portal(settings)
    await add_accounts(settings, ACCOUNT, MANAGER)
    return settings


async def test_a_practitioner_signs_in_to_their_caseload_with_an_httponly_lax_cookie(
    settings: Settings,
) -> None:
    async with (
        portal_served(await with_accounts(settings)) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        response = await sign_in(browser, ACCOUNT.email.upper())

    assert response.status_code == 303
    assert response.headers["location"] == "/caseload"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("msp_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in development


async def test_behind_tls_the_session_cookie_is_secure_and_host_only(settings: Settings) -> None:
    secure = settings.model_copy(update={"portal_secure_cookies": True})
    async with (
        portal_served(await with_accounts(secure)) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        form = await browser.get("/sign-in")
        csrf_cookie = form.headers["set-cookie"].split(";")[0]
        # A browser would send Secure cookies over HTTPS only; this test speaks plain HTTP.
        response = await browser.post(
            "/sign-in",
            data={"csrftoken": csrf_token(form.text), "email": ACCOUNT.email, "password": PASSWORD},
            headers={"Cookie": csrf_cookie},
        )

    assert "Secure" in form.headers["set-cookie"]
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-msp_session=")
    assert "Secure" in cookie


async def test_a_wrong_password_shows_errors_beside_the_fields_and_keeps_the_email(
    settings: Settings,
) -> None:
    async with (
        portal_served(await with_accounts(settings)) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        response = await sign_in(browser, ACCOUNT.email, "not the password")

    page = response.text
    assert response.status_code == 400
    assert "<title>Error: Sign in" in page
    assert "govuk-error-summary" in page
    assert 'href="#password"' in page
    assert page.count("govuk-error-message") == 2
    assert f'value="{ACCOUNT.email}"' in page
    assert "not the password" not in page
    assert "msp_session" not in response.headers.get("set-cookie", "")


async def test_an_empty_form_names_each_missing_answer(settings: Settings) -> None:
    async with (
        portal_served(await with_accounts(settings)) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        response = await sign_in(browser, "", "")

    assert response.status_code == 400
    assert "Enter your email address" in response.text
    assert "Enter your password" in response.text


async def test_repeated_wrong_passwords_lock_the_account_until_the_lock_runs_out(
    settings: Settings,
) -> None:
    clock = FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    strict = settings.model_copy(
        update={"portal_max_failed_sign_ins": 3, "portal_lockout_minutes": 15}
    )
    async with (
        portal_served(await with_accounts(strict), clock=clock) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        for _ in range(3):
            await sign_in(browser, ACCOUNT.email, "guess")
        while_locked = await sign_in(browser, ACCOUNT.email, PASSWORD)
        other_account = await sign_in(browser, MANAGER.email, PASSWORD)
        clock.advance(timedelta(minutes=15))
        after_the_lock = await sign_in(browser, ACCOUNT.email, PASSWORD)

    assert while_locked.status_code == 400
    assert "too many tries" in while_locked.text
    assert other_account.status_code == 303
    assert after_the_lock.status_code == 303


async def test_a_form_sent_without_its_csrf_token_is_refused(settings: Settings) -> None:
    async with (
        portal_served(await with_accounts(settings)) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        no_cookie = await browser.post(
            "/sign-in", data={"email": ACCOUNT.email, "password": PASSWORD}
        )
        await browser.get("/sign-in")  # the CSRF cookie is set, but the form lacks the field
        no_field = await browser.post(
            "/sign-in", data={"email": ACCOUNT.email, "password": PASSWORD}
        )
        forged = await browser.post(
            "/sign-in", data={"csrftoken": "forged", "email": ACCOUNT.email, "password": PASSWORD}
        )
        await sign_in(browser, ACCOUNT.email)
        sign_out_without_token = await browser.post("/sign-out")
        still_signed_in = await browser.get("/caseload", follow_redirects=False)

    assert [no_cookie.status_code, no_field.status_code, forged.status_code] == [403, 403, 403]
    assert "Your form could not be sent" in forged.text
    assert sign_out_without_token.status_code == 403
    assert still_signed_in.status_code != 303  # not sent back to sign in


async def test_signing_out_ends_the_session_on_the_server(settings: Settings) -> None:
    async with (
        portal_served(await with_accounts(settings)) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        signed_in = await sign_in(browser, ACCOUNT.email)
        stolen = signed_in.cookies["msp_session"]
        page = await browser.get("/status")  # any page: each has the sign-out form
        signed_out = await browser.post("/sign-out", data={"csrftoken": csrf_token(page.text)})
        async with httpx.AsyncClient(base_url=url, cookies={"msp_session": stolen}) as thief:
            replayed = await thief.get("/caseload")

    assert signed_out.headers["location"] == "/sign-in?signed-out=yes"
    assert replayed.status_code == 303
    assert replayed.headers["location"].startswith("/sign-in")


async def test_a_session_left_unused_ends(settings: Settings) -> None:
    clock = FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    async with (
        portal_served(await with_accounts(settings), clock=clock) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        await sign_in(browser, ACCOUNT.email)
        clock.advance(timedelta(minutes=settings.portal_session_idle_minutes))
        response = await browser.get("/caseload")

    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=%2Fcaseload"


async def test_a_page_asks_for_sign_in_and_returns_to_it_afterwards(settings: Settings) -> None:
    async with (
        portal_served(await with_accounts(settings)) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        asked = await browser.get("/enquiries/5d1c8a4e-3f1b-4c1e-9a57-6d2f0b8e7c11")
        form = await browser.get(asked.headers["location"])
        back = await sign_in(
            browser, ACCOUNT.email, next_path="/enquiries/5d1c8a4e-3f1b-4c1e-9a57-6d2f0b8e7c11"
        )

    assert asked.status_code == 303
    assert 'name="next" value="/enquiries/5d1c8a4e-3f1b-4c1e-9a57-6d2f0b8e7c11"' in form.text
    assert back.headers["location"] == "/enquiries/5d1c8a4e-3f1b-4c1e-9a57-6d2f0b8e7c11"


async def test_pages_are_never_cached_or_framed_and_run_only_their_own_scripts(
    settings: Settings,
) -> None:
    async with (
        portal_served(await with_accounts(settings)) as url,
        httpx.AsyncClient(base_url=url) as browser,
    ):
        page = await browser.get("/sign-in")
        stylesheet = await browser.get("/assets/govuk-frontend/govuk-frontend.min.css")

    policy = page.headers["content-security-policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in page.text  # GOV.UK's js-enabled line, and no other
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    assert stylesheet.status_code == 200
    assert "no-store" not in stylesheet.headers.get("cache-control", "")
