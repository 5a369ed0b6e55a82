"""The caseload: the enquiries the person's agency leads, newest first, a page at a time, with
what is due soon or overdue flagged, and filters by status, lead and risk type."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

import structlog
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from services.portal.backend import Services, ServiceUnavailable
from services.portal.context import portal_of
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.due import DueItem, Flag, flags_by_enquiry
from shared.auth import Actor
from shared.codes import RiskType

log = structlog.get_logger(__name__)
router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
# The most the due list is asked for at once, for the page's enquiries: enough for their
# earliest-due items, which decide the flags (overdue items are the earliest).
DUE_LIMIT = 200
STATUSES = ("open", "monitoring", "closed")


class CaseloadRow(BaseModel):
    """What the caseload shows of an enquiry; fields the service adds later are ignored until
    the page uses them."""

    model_config = ConfigDict(extra="ignore")

    enquiry_id: UUID
    lead_practitioner_id: str | None = None
    opened_at: datetime | None = None
    person_name: str | None = None
    status: str = "open"
    ica_outstanding: bool = False


class CaseloadPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[CaseloadRow]
    total: int | None = None


async def due_flags(
    services: Services, actor: Actor, enquiry_ids: list[UUID]
) -> dict[UUID, Flag] | None:
    """The flags of these enquiries (one page of the caseload). None when outcomes does not
    answer: the caseload still shows, saying flags are missing."""
    if not enquiry_ids:
        return {}
    params = {"limit": DUE_LIMIT, "enquiry_id": [str(enquiry_id) for enquiry_id in enquiry_ids]}
    try:
        body = await services.get("outcomes", "/due", actor, params=params)
    except ServiceUnavailable:
        return None
    return flags_by_enquiry([DueItem.model_validate(item) for item in body.get("items", [])])


@router.get("/caseload")
async def caseload(
    request: Request,
    account: SignedIn,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    status: Annotated[str, Query(max_length=20)] = "",
    lead: Annotated[str, Query(max_length=10)] = "",
    risk_type: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    require_role(account, CASEWORK)
    services = portal_of(request).services
    # Unknown filter values are ignored rather than refused: they come from the page's own form.
    filters = {
        "status": status if status in STATUSES else "",
        "lead": "me" if lead == "me" else "",
        "risk_type": risk_type if risk_type in set(RiskType) else "",
    }
    params: dict[str, Any] = {"limit": PAGE_SIZE + 1, "offset": (page - 1) * PAGE_SIZE}
    if filters["status"]:
        params["status"] = filters["status"]
    if filters["lead"]:
        params["lead_practitioner_id"] = account.user_id
    if filters["risk_type"]:
        params["risk_type"] = filters["risk_type"]
    listing = CaseloadPage.model_validate(
        await services.get("intake", "/enquiries", account.actor, params=params)
    )
    rows = listing.items
    query = urlencode({key: value for key, value in filters.items() if value})
    return render(
        request,
        "caseload.html",
        {
            "title": "Caseload",
            "rows": rows[:PAGE_SIZE],
            "total": listing.total,
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "user_id": account.user_id,
            "flags": await due_flags(
                services, account.actor, [row.enquiry_id for row in rows[:PAGE_SIZE]]
            ),
            "filters": filters,
            "filtered": any(filters.values()),
            "statuses": STATUSES,
            "risk_types": [risk.value for risk in RiskType],
            "page_query": ("&" + query) if query else "",
        },
    )
