"""Who is signed in: the session cookie, checked against the portal's sessions on each request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.portal.accounts.store import Account
from services.portal.context import portal_of
from shared.auth import Role

SESSION_COOKIE = "msp_session"
# Over HTTPS the cookie takes the __Host- prefix: browsers then refuse it unless it is Secure,
# for this host only (no Domain) and for every path, so no sibling site can plant one.
SECURE_SESSION_COOKIE = "__Host-msp_session"


class SignInRequired(Exception):
    """No live session: the person is sent to the sign-in page, and back here afterwards."""


class NotAllowed(Exception):
    """Signed in, but this page is not for the person's role."""


def session_cookie_name(secure: bool) -> str:
    return SECURE_SESSION_COOKIE if secure else SESSION_COOKIE


async def current_account(request: Request) -> Account | None:
    """The signed-in account, or None; looked up once per request."""
    if hasattr(request.state, "account"):
        account: Account | None = request.state.account
        return account
    portal = portal_of(request)
    token = request.cookies.get(session_cookie_name(portal.secure_cookies))
    account = None
    if token:
        found = await portal.sessions.find(token, now=portal.clock.now())
        if found is not None:
            _, account = found
    request.state.account = account
    return account


async def _signed_in(request: Request) -> Account:
    account = await current_account(request)
    if account is None:
        raise SignInRequired
    return account


SignedIn = Annotated[Account, Depends(_signed_in)]


def require_role(account: Account, roles: frozenset[Role]) -> None:
    if account.role not in roles:
        raise NotAllowed
