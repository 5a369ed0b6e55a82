"""Sign in and sign out."""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Form, Request, status
from fastapi.responses import RedirectResponse, Response

from services.portal.accounts.sign_in import Refusal, check_sign_in
from services.portal.context import portal_of
from services.portal.forms import FormErrors
from services.portal.pages.navigation import home_of
from services.portal.pages.signed_in import session_cookie_name
from services.portal.pages.templating import render

log = structlog.get_logger(__name__)
router = APIRouter(include_in_schema=False)

MAX_FIELD = 500  # longer is not an email address or a password anyone types


def safe_next(target: str | None) -> str | None:
    """A path on this site to go back to after signing in; anything else (another site,
    `//host`, `/\\host`, or `/<tab>/host`, which browsers read as `//host`) is ignored, so a
    link cannot send a person elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(character.isspace() or ord(character) < 32 for character in target):
        return None
    return target


def _sign_in_page(
    request: Request,
    *,
    email: str = "",
    next_path: str | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "sign_in.html",
        {
            "title": "Sign in",
            "email": email,
            "next": next_path or "",
            "errors": errors or FormErrors(),
            "signed_out": request.query_params.get("signed-out") == "yes",
        },
        status_code=status_code,
    )


@router.get("/sign-in")
async def sign_in_form(request: Request, next: str | None = None) -> Response:
    return _sign_in_page(request, next_path=safe_next(next))


@router.post("/sign-in")
async def sign_in(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    portal = portal_of(request)
    errors = FormErrors()
    if not email.strip():
        errors.add("email", "Enter your email address")
    elif len(email) > MAX_FIELD:
        errors.add("email", f"Email address must be {MAX_FIELD} characters or fewer")
    if not password:
        errors.add("password", "Enter your password")
    elif len(password) > MAX_FIELD:
        errors.add("password", f"Password must be {MAX_FIELD} characters or fewer")
    if not errors:
        result = await check_sign_in(
            portal.accounts,
            email=email,
            password=password,
            policy=portal.lockout,
            clock=portal.clock,
        )
        if result.account is not None:
            return await _open_session(
                request, result.account.user_id, safe_next(next) or home_of(result.account)
            )
        if result.refusal is Refusal.LOCKED:
            minutes = int(portal.lockout.lock_for.total_seconds() // 60)
            errors.add(
                "email",
                f"There have been too many tries to sign in to this account. "
                f"Wait {minutes} minutes, then try again",
            )
        else:
            errors.add("email", "Enter the email address and password for your account")
            errors.add("password", "Check your password: it is not the one for this account")
    request.state.account = None
    return _sign_in_page(
        request,
        email=email[:MAX_FIELD],
        next_path=safe_next(next),
        errors=errors,
        status_code=status.HTTP_400_BAD_REQUEST,
    )


async def _open_session(request: Request, user_id: str, destination: str) -> Response:
    portal = portal_of(request)
    cookie = session_cookie_name(portal.secure_cookies)
    # A session the browser had before is ended: a planted session id gains nothing.
    if previous := request.cookies.get(cookie):
        await portal.sessions.close(previous)
    token = await portal.sessions.open(user_id, now=portal.clock.now())
    log.info("portal.signed_in", user_id=user_id)
    response = RedirectResponse(destination, status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        cookie,
        token,
        httponly=True,
        secure=portal.secure_cookies,
        samesite="lax",
        path="/",
    )
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    portal = portal_of(request)
    cookie = session_cookie_name(portal.secure_cookies)
    if token := request.cookies.get(cookie):
        await portal.sessions.close(token)
    response = RedirectResponse("/sign-in?signed-out=yes", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(
        cookie, path="/", secure=portal.secure_cookies, httponly=True, samesite="lax"
    )
    return response
