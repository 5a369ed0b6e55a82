"""Correlation ids and request metrics for every request; URLs never reach the logs."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable

import structlog
from fastapi import FastAPI, Request, Response

from shared.metrics import HTTP_REQUESTS

log = structlog.get_logger(__name__)
CORRELATION_HEADER = "X-Correlation-ID"
QUIET_ROUTES = frozenset({"/health", "/ready", "/metrics"})


def install_request_middleware(app: FastAPI, service: str) -> None:
    @app.middleware("http")
    async def _correlate_and_measure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        correlation_id = _valid_id(request.headers.get(CORRELATION_HEADER)) or str(uuid.uuid4())
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
        request.state.correlation_id = correlation_id
        started = time.perf_counter()
        status_code = 500
        try:
            response = await call_next(request)
            status_code = response.status_code
        finally:
            route = _route_template(request)
            elapsed = time.perf_counter() - started
            HTTP_REQUESTS.labels(service, request.method, route, str(status_code)).observe(elapsed)
            if route not in QUIET_ROUTES:
                log.info(
                    "http.request",
                    method=request.method,
                    route=route,
                    status=status_code,
                    ms=round(elapsed * 1000, 1),
                )
            structlog.contextvars.unbind_contextvars("correlation_id")
        response.headers[CORRELATION_HEADER] = correlation_id
        return response


def _route_template(request: Request) -> str:
    """`/enquiries/{enquiry_id}`, not the path with its values: ids only, and bounded labels."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "unmatched"))


def _valid_id(value: str | None) -> str | None:
    if value and len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value):
        return value
    return None
