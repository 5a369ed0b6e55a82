"""Helpers for the portal's tests: the portal served on a free port, accounts, signing in."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from markupsafe import escape

from services.portal.accounts.store import AccountStore, NewAccount
from services.portal.app import MIGRATIONS, create_app
from shared.auth import Actor, Role
from shared.clock import Clock, SystemClock
from shared.eventstore.database import Database
from shared.migrations import upgrade
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.support import bearer, eventually, served, serving

PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')


def a_new_account(
    user_id: str = "practitioner-1",
    agency: str = "adult-social-care",
    role: Role = Role.PRACTITIONER,
) -> NewAccount:
    return NewAccount(
        user_id=user_id,
        email=f"{user_id}@{agency}.example.org",
        display_name=f"Test {role.value}",
        agency_id=agency,
        role=role,
        password=PASSWORD,
    )


async def migrate_portal(settings: Settings) -> None:
    await asyncio.to_thread(upgrade, MIGRATIONS, settings.database_url_for("portal"))


async def add_accounts(settings: Settings, *accounts: NewAccount) -> None:
    db = Database(settings.database_url_for("portal"))
    try:
        for account in accounts:
            await AccountStore(db).add_if_missing(account, now=SystemClock().now())
    finally:
        await db.dispose()


@asynccontextmanager
async def portal_served(settings: Settings, *, clock: Clock | None = None) -> AsyncIterator[str]:
    """The portal, migrated, on a free port in this event loop: its base URL."""
    await migrate_portal(settings)
    async with serving(create_app(settings, clock=clock)) as url:
        yield url


def csrf_token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def sign_in(
    browser: httpx.AsyncClient, email: str, password: str = PASSWORD, *, next_path: str = ""
) -> httpx.Response:
    """What a person does: open the sign-in page, fill it in, send it."""
    form = await browser.get("/sign-in")
    return await browser.post(
        "/sign-in",
        data={
            "csrftoken": csrf_token(form.text),
            "email": email,
            "password": password,
            "next": next_path,
        },
    )


@dataclass(frozen=True)
class PortalPlatform:
    """Intake, outcomes and notifications (and feedback, when asked for) served for real, and
    the portal pointed at them."""

    settings: Settings
    urls: dict[str, str]
    runtimes: dict[str, ServiceRuntime]

    @property
    def portal(self) -> str:
        return self.urls["portal"]

    async def call(
        self, service: str, actor: Actor, method: str, path: str, body: Any = None
    ) -> Any:
        """A service's API as a test's colleague would use it; fails on anything but 2xx."""
        async with httpx.AsyncClient(base_url=self.urls[service]) as client:
            response = await client.request(
                method, path, json=body, headers=bearer(self.settings, actor)
            )
        assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    async def knows(self, service: str, enquiry_id: uuid.UUID, actor: Actor) -> None:
        """Until the service has learned of the enquiry from intake's events (outcomes: until
        its board answers, which needs the lead as well as the directory entry)."""
        path = f"/enquiries/{enquiry_id}" + ("/outcomes" if service == "outcomes" else "")

        async def known() -> bool:
            async with httpx.AsyncClient(base_url=self.urls[service]) as client:
                response = await client.get(path, headers=bearer(self.settings, actor))
            return response.status_code == 200

        await eventually(known, what=f"{service} knows the enquiry")


# Where a service not started for a test is sought: nothing listens on the discard port, so the
# portal finds it unavailable at once instead of reaching anyone's service on a default port.
NOT_SERVED = "http://127.0.0.1:9"


@asynccontextmanager
async def portal_platform(
    settings: Settings, *accounts: NewAccount, feedback: bool = False
) -> AsyncIterator[PortalPlatform]:
    from services.feedback.app import DEFINITION as FEEDBACK
    from services.intake.app import DEFINITION as INTAKE
    from services.notifications.app import DEFINITION as NOTIFICATIONS
    from services.outcomes.app import DEFINITION as OUTCOMES

    # No SMTP server and one reminder sweep only: these tests are about pages. Feedback acts
    # on a closure within a moment.
    settings = settings.model_copy(
        update={
            "notifications_smtp_port": 9,
            "notifications_sweep_interval_s": 3600.0,
            "feedback_sweep_interval_s": 0.1,
        }
    )
    definitions = {"intake": INTAKE, "outcomes": OUTCOMES, "notifications": NOTIFICATIONS}
    if feedback:
        definitions["feedback"] = FEEDBACK
    async with AsyncExitStack() as stack:
        urls = {"feedback": NOT_SERVED}
        runtimes = {}
        for name, definition in definitions.items():
            urls[name], runtimes[name] = await stack.enter_async_context(
                served(definition, settings)
            )
        pointed = settings.model_copy(update={"service_urls": urls})
        await migrate_portal(pointed)
        await add_accounts(pointed, *accounts)
        async with portal_served(pointed) as portal_url:
            yield PortalPlatform(pointed, {**urls, "portal": portal_url}, runtimes)


def actor_of(account: NewAccount) -> Actor:
    return Actor(user_id=account.user_id, agency_id=account.agency_id, role=account.role)


def as_shown(text: str) -> str:
    """Text as the pages' templates escape it into HTML."""
    return str(escape(text))
