"""The caseload: the enquiries the person's agency leads, newest first, a page at a time."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from services.portal.context import portal_of
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


class CaseloadRow(BaseModel):
    """What the caseload shows of an enquiry; fields the service adds later are ignored until
    the page uses them."""

    model_config = ConfigDict(extra="ignore")

    enquiry_id: UUID
    lead_practitioner_id: str | None = None
    opened_at: datetime | None = None


class CaseloadPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[CaseloadRow]


@router.get("/caseload")
async def caseload(
    request: Request, account: SignedIn, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> Response:
    require_role(account, CASEWORK)
    body = await portal_of(request).services.get(
        "intake",
        "/enquiries",
        account.actor,
        params={"limit": PAGE_SIZE + 1, "offset": (page - 1) * PAGE_SIZE},
    )
    rows = CaseloadPage.model_validate(body).items
    return render(
        request,
        "caseload.html",
        {
            "title": "Caseload",
            "rows": rows[:PAGE_SIZE],
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "user_id": account.user_id,
        },
    )
