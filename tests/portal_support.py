"""Helpers for the portal's tests: the portal served on a free port, accounts, signing in."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn

from services.portal.accounts.store import AccountStore, NewAccount
from services.portal.app import MIGRATIONS, create_app
from shared.auth import Role
from shared.clock import Clock, SystemClock
from shared.embedded_redis import free_port
from shared.eventstore.database import Database
from shared.migrations import upgrade
from shared.settings import Settings
from tests.support import eventually

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
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, clock=clock),
            host="127.0.0.1",
            port=port,
            log_config=None,
            lifespan="on",
        )
    )
    task = asyncio.create_task(server.serve())
    await eventually(lambda: _started(server), within=30, what="portal started")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def _started(server: uvicorn.Server) -> bool:
    return server.started


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
