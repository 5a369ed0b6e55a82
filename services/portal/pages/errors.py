"""Error pages: every failure a person can meet gets a page in plain English, never a stack trace."""

from __future__ import annotations

from urllib.parse import urlencode

import structlog
from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from services.portal.backend import RecordNotFound, ServiceRefused, ServiceUnavailable
from services.portal.pages.signed_in import NotAllowed, SignInRequired, current_account
from services.portal.pages.templating import render
from shared.messaging.errors import describe

log = structlog.get_logger(__name__)

PAGES = {
    status.HTTP_400_BAD_REQUEST: (
        "There is a problem with that request",
        "Go back and try again. If it happens again, tell your system administrator.",
    ),
    status.HTTP_403_FORBIDDEN: (
        "You cannot see this page",
        "Your account does not give you access to it. Ask your manager if you need it.",
    ),
    status.HTTP_404_NOT_FOUND: (
        "Page not found",
        "If you typed the web address, check it is correct. If you followed a link to a "
        "record, it may belong to another agency.",
    ),
    status.HTTP_503_SERVICE_UNAVAILABLE: (
        "Sorry, the service is unavailable",
        "Part of the service is not answering. Nothing you entered has been saved. "
        "Try again in a few minutes.",
    ),
    status.HTTP_500_INTERNAL_SERVER_ERROR: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you entered has been saved.",
    ),
}


async def error_page(request: Request, status_code: int) -> Response:
    await current_account(request)  # the header shows who is signed in, on error pages too
    title, advice = PAGES.get(status_code, PAGES[status.HTTP_400_BAD_REQUEST])
    return render(
        request,
        "error.html",
        {"title": title, "advice": advice},
        status_code=status_code,
    )


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _error: SignInRequired) -> Response:
        query = urlencode({"next": request.url.path})
        return RedirectResponse(f"/sign-in?{query}", status_code=status.HTTP_303_SEE_OTHER)

    @app.exception_handler(NotAllowed)
    async def _not_allowed(request: Request, _error: NotAllowed) -> Response:
        return await error_page(request, status.HTTP_403_FORBIDDEN)

    @app.exception_handler(RecordNotFound)
    async def _not_found(request: Request, _error: RecordNotFound) -> Response:
        return await error_page(request, status.HTTP_404_NOT_FOUND)

    @app.exception_handler(RequestValidationError)
    async def _bad_address(request: Request, _error: RequestValidationError) -> Response:
        # Pages parse their forms themselves; what fails here is a malformed address or query.
        return await error_page(request, status.HTTP_404_NOT_FOUND)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        return await error_page(request, error.status_code)

    @app.exception_handler(ServiceUnavailable)
    async def _unavailable(request: Request, _error: ServiceUnavailable) -> Response:
        return await error_page(request, status.HTTP_503_SERVICE_UNAVAILABLE)

    @app.exception_handler(ServiceRefused)
    async def _refused(request: Request, error: ServiceRefused) -> Response:
        log.warning("portal.service_refused", service=error.service, status=error.status_code)
        code = error.status_code if error.status_code == 403 else status.HTTP_400_BAD_REQUEST
        return await error_page(request, code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        log.error("portal.unhandled_error", error=describe(error))
        return render(
            request,
            "error.html",
            dict(zip(("title", "advice"), PAGES[500], strict=True)),
            status_code=500,
        )
