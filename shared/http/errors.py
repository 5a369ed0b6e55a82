"""Errors mapped once to HTTP answers that name the field and the rule, never echoing input."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from shared.eventstore.errors import ConcurrencyError
from shared.messaging.errors import describe

log = structlog.get_logger(__name__)


class DomainRuleBroken(Exception):
    """A command broke a rule; `field` names what to change and the message says why."""

    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(Exception):
    """Nothing there, or nothing this actor's agency may see (the two are not told apart)."""


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {
                "field": ".".join(str(part) for part in item["loc"] if part != "body"),
                "message": item["msg"],
            }
            for item in error.errors()
        ]
        return JSONResponse(
            {"detail": "The request has fields that need correcting.", "errors": problems},
            status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        )

    @app.exception_handler(ConcurrencyError)
    async def _conflict(_request: Request, error: ConcurrencyError) -> JSONResponse:
        return JSONResponse(
            {
                "detail": "Someone else changed this record first. Reload it and try again.",
                "stream_id": error.stream_id,
                "expected_version": error.expected_version,
                "current_version": error.actual_version,
            },
            status_code=status.HTTP_409_CONFLICT,
        )

    @app.exception_handler(DomainRuleBroken)
    async def _rule(_request: Request, error: DomainRuleBroken) -> JSONResponse:
        body: dict[str, object] = {"detail": str(error)}
        if error.field:
            body["errors"] = [{"field": error.field, "message": str(error)}]
        return JSONResponse(body, status_code=error.status_code)

    @app.exception_handler(NotFound)
    async def _not_found(_request: Request, _error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": "Not found."}, status_code=status.HTTP_404_NOT_FOUND)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.error("http.unhandled_error", error=describe(error))
        return JSONResponse(
            {"detail": "Something went wrong on our side. It has been logged."},
            status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
