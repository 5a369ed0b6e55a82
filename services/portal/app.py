"""The portal's composition root: its database, the services it calls, its pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from faststream.specification import AsyncAPI

from services.portal.accounts.lockout import LockoutPolicy
from services.portal.accounts.store import AccountStore
from services.portal.backend import Services
from services.portal.context import Portal, secure_cookies
from services.portal.pages import (
    access_log,
    agency_inbox,
    board_report,
    caseload,
    closure,
    concern,
    easy_read,
    enquiry,
    feedback,
    feedback_how_to_ask,
    feedback_link,
    home,
    lead_transfers,
    outcome_forms,
    outcomes,
    recording,
    sharing,
    sign_in,
)
from services.portal.pages.errors import install_error_pages
from services.portal.security import ProtectedPaths, csrf_secret, install_security
from services.portal.sessions import SessionLimits, SessionStore
from shared.auth import TokenService
from shared.clock import Clock, SystemClock
from shared.eventstore.database import Database
from shared.http.app import create_http_app
from shared.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"
STATIC = Path(__file__).parent / "static"
SERVICE_TIMEOUT_S = 5.0
ROUTERS = (
    home.router,
    sign_in.router,
    caseload.router,
    concern.router,
    enquiry.router,
    outcomes.router,
    outcome_forms.router,
    sharing.router,
    easy_read.router,
    agency_inbox.router,
    board_report.router,
    access_log.router,
    feedback.router,
    feedback_how_to_ask.router,
    feedback_link.router,
    recording.router,
    closure.router,
    lead_transfers.router,
)
# Posted to without any cookie yet: protected all the same (see security.py). The person's
# feedback pages are reached without signing in, so their forms are such posts too.
ALWAYS_CSRF_PROTECTED = ProtectedPaths(
    exact=frozenset({"/sign-in", "/sign-out"}), prefixes=(f"{feedback_link.PREFIX}/",)
)


def create_app(settings: Settings, *, clock: Clock | None = None) -> FastAPI:
    clock = clock or SystemClock()
    tokens = TokenService(
        settings.signing_key, ttl=timedelta(seconds=settings.token_ttl_seconds), clock=clock
    )
    db = Database(settings.database_url_for("portal"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=SERVICE_TIMEOUT_S) as client:
            app.state.http = client
            app.state.portal = Portal(
                settings=settings,
                clock=clock,
                db=db,
                accounts=AccountStore(db),
                sessions=SessionStore(
                    db,
                    SessionLimits(
                        idle=timedelta(minutes=settings.portal_session_idle_minutes),
                        absolute=timedelta(hours=settings.portal_session_max_hours),
                    ),
                ),
                services=Services(client, settings, tokens),
                lockout=LockoutPolicy(
                    max_failures=settings.portal_max_failed_sign_ins,
                    lock_for=timedelta(minutes=settings.portal_lockout_minutes),
                ),
            )
            try:
                yield
            finally:
                await db.dispose()

    def asyncapi() -> dict[str, Any]:
        # The portal neither publishes nor consumes events: an empty document says so.
        document: dict[str, Any] = (
            AsyncAPI(title="MSP portal", version="0.1.0").to_specification().to_jsonable()
        )
        return document

    app = create_http_app(
        service="portal",
        description="The web front end: practitioners' pages and the person's easy-read pages.",
        routers=ROUTERS,
        tokens=tokens,
        readiness_checks={"database": db.ping},
        asyncapi=asyncapi,
        lifespan=lifespan,
    )
    app.mount("/assets", StaticFiles(directory=STATIC), name="assets")
    install_error_pages(app)
    feedback_link.install_link_pages(app)
    install_security(
        app,
        csrf_key=csrf_secret(settings.signing_key),
        secure=secure_cookies(settings),
        always_protect=ALWAYS_CSRF_PROTECTED,
    )
    return app
