"""Correlation ids and request metrics for every request; URLs never reach the logs."""

from __future__ import annotations

import time
import uuid

import structlog
from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.metrics import HTTP_REQUESTS

log = structlog.get_logger(__name__)
CORRELATION_HEADER = "X-Correlation-ID"
QUIET_ROUTES = frozenset({"/health", "/ready", "/metrics"})


def install_request_middleware(app: FastAPI, service: str) -> None:
    app.add_middleware(CorrelateAndMeasure, service=service)


class CorrelateAndMeasure:
    """Binds the request's correlation id (the caller's, or a new one) to the logs and answers
    with it; records the time taken by route template and status.

    A plain ASGI middleware rather than `@app.middleware("http")`: Starlette's BaseHTTPMiddleware
    runs the endpoint in a task group and streams the answer through a queue, a cost paid on
    every request of every service."""

    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get(CORRELATION_HEADER)
        correlation_id = _valid_id(header) or str(uuid.uuid4())
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        started = time.perf_counter()
        status_code = 500

        async def send_with_correlation_id(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                MutableHeaders(scope=message)[CORRELATION_HEADER] = correlation_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_correlation_id)
        finally:
            route = _route_template(scope)
            elapsed = time.perf_counter() - started
            method = scope["method"]
            HTTP_REQUESTS.labels(self.service, method, route, str(status_code)).observe(elapsed)
            if route not in QUIET_ROUTES:
                log.info(
                    "http.request",
                    method=method,
                    route=route,
                    status=status_code,
                    ms=round(elapsed * 1000, 1),
                )
            structlog.contextvars.unbind_contextvars("correlation_id")


def _route_template(scope: Scope) -> str:
    """`/enquiries/{enquiry_id}`, not the path with its values: ids only, and bounded labels."""
    return str(getattr(scope.get("route"), "path", "unmatched"))


def _valid_id(value: str | None) -> str | None:
    if value and len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value):
        return value
    return None
