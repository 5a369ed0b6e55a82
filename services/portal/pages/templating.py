"""Jinja2 with the govuk-frontend-jinja macros, and `render` that gives every page its frame."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from services.portal.pages.navigation import navigation_for
from services.portal.views.record import agency_name
from services.portal.views.sharing import kind_label

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

environment = Environment(
    loader=ChoiceLoader(
        [
            FileSystemLoader(TEMPLATE_DIR),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    ),
    autoescape=True,
    # Templates ship with the code, and a restart loads new ones: without this every render
    # checked each template's and macro file's modification time on disk.
    auto_reload=False,
    # The macros test `params.x` on dicts that lack `x`; the default Undefined allows that.
)


def govuk_date(moment: date | None) -> str:
    """26 November 2026: the GOV.UK style, no leading zero."""
    return f"{moment.day} {moment:%B %Y}" if moment else "Not known"


def reference(enquiry_id: UUID) -> str:
    """A short reference people can read out: the id's first 8 characters."""
    return str(enquiry_id)[:8].upper()


environment.filters["govuk_date"] = govuk_date
environment.filters["reference"] = reference
environment.filters["agency"] = agency_name


def portal_option(value: str, chosen: str) -> dict[str, object]:
    """A select's item, chosen when it is the value the filter has now."""
    return {"value": value, "text": value.capitalize(), "selected": value == chosen}


environment.filters["portal_option"] = portal_option


def portal_choice(value: str, chosen: str | list[str] | None) -> dict[str, object]:
    """A radio or checkbox item for an agency id, checked when chosen."""
    picked = chosen if isinstance(chosen, list) else [chosen]
    return {"value": value, "text": agency_name(value), "checked": value in picked}


def portal_labelled(choice: tuple[str, str], chosen: str | list[str] | None) -> dict[str, object]:
    """A radio or checkbox item from (value, label), checked when chosen."""
    picked = chosen if isinstance(chosen, list) else [chosen]
    value, label = choice
    return {"value": value, "text": label[0].upper() + label[1:], "checked": value in picked}


environment.filters["portal_choice"] = portal_choice
environment.filters["portal_labelled"] = portal_labelled
environment.filters["information_kind"] = kind_label
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
