"""One enquiry. The service decides who may see it: another agency's enquiry is a 404 there, and
so here; the service, not the portal, records each view in its access log. People of the
viewer's own agency are named from the portal's accounts (one query); others by their id."""

from __future__ import annotations

import asyncio
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal.accounts.directory import names_in_agency
from services.portal.context import portal_of
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.communication import banner_of
from services.portal.views.record import Enquiry, Timeline

router = APIRouter(include_in_schema=False)


@router.get("/enquiries/{enquiry_id}")
async def enquiry_page(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    portal = portal_of(request)
    services = portal.services
    # Both at once: the page waits for the slower of the two, not their sum.
    answers = await asyncio.gather(
        services.get("intake", f"/enquiries/{enquiry_id}", account.actor),
        services.get("intake", f"/enquiries/{enquiry_id}/timeline", account.actor),
        return_exceptions=True,
    )
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer  # both fail alike (not found, not answering): either says it
    enquiry = Enquiry.model_validate(answers[0])
    timeline = Timeline.model_validate(answers[1])
    people = {entry.who.user_id for entry in timeline.entries}
    if enquiry.lead_practitioner_id:
        people.add(enquiry.lead_practitioner_id)
    names = await names_in_agency(portal.accounts.db, account.agency_id, people)
    return render(
        request,
        "enquiry.html",
        {
            "title": f"Enquiry about {enquiry.person_name}" if enquiry.person_name else "Enquiry",
            "enquiry": enquiry,
            "banner": banner_of(enquiry.communication_preferences),
            "timeline": list(reversed(timeline.entries)),
            "user_id": account.user_id,
            "names": names,
        },
    )
