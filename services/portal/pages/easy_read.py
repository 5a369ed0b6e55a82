""" "What you told us you want to happen": the page a practitioner prints or shows the person."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal.context import portal_of
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.outcomes import board_of
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.easy_read import wishes_of
from services.portal.views.record import Enquiry

router = APIRouter(include_in_schema=False)


@router.get("/enquiries/{enquiry_id}/easy-read")
async def easy_read_page(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    services = portal_of(request).services
    enquiry = Enquiry.model_validate(
        await services.get("intake", f"/enquiries/{enquiry_id}", account.actor)
    )
    board = await board_of(services, enquiry_id, account.actor)
    return render(
        request,
        "easy_read.html",
        {
            "title": "What you told us you want to happen",
            "enquiry": enquiry,
            "name": enquiry.person_name,
            "wishes": wishes_of(board),
            "next_review": board.next_review_due_on if board else None,
        },
    )
