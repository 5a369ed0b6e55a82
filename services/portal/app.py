"""The portal's composition root. Until the portal issue lands it shows each service's health."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from faststream.specification import AsyncAPI

from services.portal.service_health import check_all
from shared.auth import TokenService
from shared.http.app import create_http_app
from shared.settings import Settings

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
SERVICE_TIMEOUT_S = 2.0


def create_app(settings: Settings) -> FastAPI:
    router = APIRouter()

    @router.get("/", response_class=HTMLResponse, summary="Service status page")
    async def status_page(request: Request) -> HTMLResponse:
        services = await check_all(request.app.state.http, settings)
        return TEMPLATES.TemplateResponse(request, "status.html", {"services": services})

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=SERVICE_TIMEOUT_S) as client:
            app.state.http = client
            yield

    def asyncapi() -> dict[str, Any]:
        # The portal neither publishes nor consumes events: an empty document says so.
        document: dict[str, Any] = (
            AsyncAPI(title="MSP portal", version="0.1.0").to_specification().to_jsonable()
        )
        return document

    return create_http_app(
        service="portal",
        description="The web front end: practitioners' pages and the person's easy-read pages.",
        routers=(router,),
        tokens=TokenService(
            settings.signing_key, ttl=timedelta(seconds=settings.token_ttl_seconds)
        ),
        readiness_checks={},
        asyncapi=asyncapi,
        lifespan=lifespan,
    )
