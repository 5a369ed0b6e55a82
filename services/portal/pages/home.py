"""The start page and the service status page."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from fastapi.responses import RedirectResponse, Response

from services.portal.context import portal_of
from services.portal.pages.navigation import home_of
from services.portal.pages.signed_in import current_account
from services.portal.pages.templating import render
from services.portal.service_health import check_all

router = APIRouter(include_in_schema=False)


@router.get("/")
async def start(request: Request) -> Response:
    account = await current_account(request)
    if account is not None and home_of(account) != "/":
        return RedirectResponse(home_of(account), status_code=status.HTTP_303_SEE_OTHER)
    return render(request, "start.html", {"title": "Making Safeguarding Personal"})


@router.get("/status")
async def service_status(request: Request) -> Response:
    await current_account(request)
    services = await check_all(request.app.state.http, portal_of(request).settings)
    return render(request, "status.html", {"title": "Service status", "services": services})
