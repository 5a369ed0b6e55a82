"""The FastAPI app of a service: its routers plus /health, /ready, /metrics, /asyncapi.json."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import APIRouter, FastAPI, Response, status
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared.auth import TokenService
from shared.http.errors import install_error_handlers
from shared.http.middleware import install_request_middleware

ReadinessCheck = Callable[[], Awaitable[None]]


def create_http_app(
    *,
    service: str,
    description: str,
    routers: Sequence[APIRouter],
    tokens: TokenService,
    readiness_checks: dict[str, ReadinessCheck],
    asyncapi: Callable[[], dict[str, Any]],
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    app = FastAPI(
        title=f"MSP {service}", description=description, version="0.1.0", lifespan=lifespan
    )
    app.state.tokens = tokens
    install_error_handlers(app)
    install_request_middleware(app, service)

    @app.get(
        "/health",
        tags=["operations"],
        summary="The process is alive",
        responses=_example(200, {"status": "ok", "service": service}),
    )
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @app.get(
        "/ready",
        tags=["operations"],
        summary="Its database and Redis answer",
        responses={
            **_example(200, {"status": "ready", "checks": {"database": "ok", "redis": "ok"}}),
            **_example(
                503,
                {
                    "status": "not ready",
                    "checks": {"database": "ok", "redis": "unavailable (ConnectionError)"},
                },
            ),
        },
    )
    async def ready() -> JSONResponse:
        results: dict[str, str] = {}
        for name, check in readiness_checks.items():
            try:
                await check()
                results[name] = "ok"
            except Exception as error:
                results[name] = f"unavailable ({type(error).__name__})"
        is_ready = all(result == "ok" for result in results.values())
        return JSONResponse(
            {"status": "ready" if is_ready else "not ready", "checks": results},
            status_code=status.HTTP_200_OK if is_ready else status.HTTP_503_SERVICE_UNAVAILABLE,
        )

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Prometheus metrics",
        responses={
            200: {
                "content": {
                    "text/plain": {
                        "example": 'msp_http_requests_total{route="/enquiries",status="200"} 12.0\n'
                    }
                }
            }
        },
    )
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @app.get(
        "/asyncapi.json",
        tags=["operations"],
        summary="What it publishes and consumes",
        responses=_example(200, {"asyncapi": "3.0.0", "info": {"title": f"MSP {service}"}}),
    )
    async def asyncapi_document() -> dict[str, Any]:
        return asyncapi()

    for router in routers:
        app.include_router(router)
    return app


def _example(status_code: int, body: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """An OpenAPI response entry with one JSON example, for the operations endpoints."""
    return {status_code: {"content": {"application/json": {"example": body}}}}
