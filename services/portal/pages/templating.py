"""Jinja2 with the govuk-frontend-jinja macros, and `render` that gives every page its frame."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from services.portal.pages.navigation import navigation_for

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

environment = Environment(
    loader=ChoiceLoader(
        [
            FileSystemLoader(TEMPLATE_DIR),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    ),
    autoescape=True,
    # The macros test `params.x` on dicts that lack `x`; the default Undefined allows that.
)


def govuk_date(moment: datetime | None) -> str:
    """26 November 2026: the GOV.UK style, no leading zero."""
    return f"{moment.day} {moment:%B %Y}" if moment else "Not known"


def reference(enquiry_id: UUID) -> str:
    """A short reference people can read out: the id's first 8 characters."""
    return str(enquiry_id)[:8].upper()


environment.filters["govuk_date"] = govuk_date
environment.filters["reference"] = reference
templates = Jinja2Templates(env=environment)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    account = getattr(request.state, "account", None)
    frame = {
        "user": account,
        "navigation": navigation_for(account, request.url.path),
        # A function: the CSRF cookie is set only by pages that show a form.
        "csrf_token": request.scope.get("csrftoken", lambda: ""),
        "cspNonce": getattr(request.state, "csp_nonce", None),
    }
    return templates.TemplateResponse(
        request, template, {**frame, **(context or {})}, status_code=status_code
    )
