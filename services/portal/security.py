"""CSRF protection on every form, and the headers that keep pages out of frames and caches.

CSRF is asgi-csrf's signed double-submit cookie: a POST whose `csrftoken` field does not match
the signed cookie is refused before any route runs, so no form can forget it. The session
cookie is also SameSite=Lax, which on its own stops other sites posting with it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from asgi_csrf import asgi_csrf
from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.portal.pages.templating import environment

CSRF_FAILED = {
    "title": "Your form could not be sent",
    "advice": "This can happen if the page was open for a long time, or if cookies are turned "
    "off. Go back, reload the page and send the form again.",
}
# Pages that need no CSP exemption; FastAPI's /docs loads its script from elsewhere.
CSP_EXEMPT = ("/docs", "/redoc")


@dataclass(frozen=True)
class ProtectedPaths:
    """The paths whose POSTs need a CSRF token even when they carry no cookie at all.

    asgi-csrf only asks `path in always_protect`, so this stands in for its set: exact paths,
    and path prefixes for pages whose address holds a value (the person's feedback link)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...] = ()

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and (path in self.exact or path.startswith(self.prefixes))


def csrf_secret(signing_key: str) -> str:
    """A key for CSRF tokens only, derived from the platform key, never the key itself."""
    return hmac.new(signing_key.encode(), b"portal-csrf", hashlib.sha256).hexdigest()


async def _refuse(scope: Scope, send: Send, _reason: Any) -> None:
    # Outside any route: the error page is rendered straight from the template environment.
    page = environment.get_template("error.html").render(
        **CSRF_FAILED,
        user=None,
        navigation=[],
        csrf_token=lambda: "",
        cspNonce=scope.get("state", {}).get("csp_nonce"),
    )
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/html; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": page.encode()})


class CsrfProtection:
    """asgi-csrf as a Starlette middleware class."""

    def __init__(
        self, app: ASGIApp, *, secret: str, secure: bool, always_protect: ProtectedPaths
    ) -> None:
        self._protected = asgi_csrf(
            app,
            signing_secret=secret,
            cookie_secure=secure,
            cookie_samesite="Lax",
            # A POST without any cookie is let through by default: sign-in is such a POST,
            # and a forged one would sign the victim in as the attacker.
            always_protect=always_protect,
            send_csrf_failed=_refuse,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._protected(scope, receive, send)


def install_security(
    app: FastAPI, *, csrf_key: str, secure: bool, always_protect: ProtectedPaths
) -> None:
    app.add_middleware(
        CsrfProtection, secret=csrf_key, secure=secure, always_protect=always_protect
    )

    app.add_middleware(SecurityHeaders)


class SecurityHeaders:
    """A CSP nonce for each request (`request.state.csp_nonce`), and the headers on each answer.

    Plain ASGI rather than `@app.middleware("http")`: it runs on every request, static files
    included, and costs nothing but the headers."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                headers["X-Frame-Options"] = "DENY"
                if not path.startswith(CSP_EXEMPT):
                    headers["Content-Security-Policy"] = _policy(nonce)
                if not path.startswith("/assets/"):
                    # Pages carry personal data: never kept by the browser or a proxy.
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self._app(scope, receive, send_with_headers)


def _policy(nonce: str) -> str:
    return (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
