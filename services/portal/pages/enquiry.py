"""One enquiry. The service decides who may see it: another agency's enquiry is a 404 there, and
so here; the service, not the portal, records each view in its access log."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from services.portal.context import portal_of
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render

router = APIRouter(include_in_schema=False)


class EnquirySummary(BaseModel):
    model_config = ConfigDict(extra="ignore")

    enquiry_id: UUID
    lead_agency_id: str | None = None
    lead_practitioner_id: str | None = None
    opened_at: datetime | None = None


@router.get("/enquiries/{enquiry_id}")
async def enquiry_page(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    body = await portal_of(request).services.get(
        "intake", f"/enquiries/{enquiry_id}", account.actor
    )
    enquiry = EnquirySummary.model_validate(body)
    return render(request, "enquiry.html", {"title": "Enquiry", "enquiry": enquiry})
