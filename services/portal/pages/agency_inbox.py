"""What other agencies shared with the user's agency: a list without the content, then one
disclosure's content, each opening recorded by notifications."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal.context import portal_of
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.sharing import Received, ReceivedWithContent, flattened, kind_label

router = APIRouter(include_in_schema=False)
INBOX_LIMIT = 200


@router.get("/agency-inbox")
async def agency_inbox(request: Request, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    body = await portal_of(request).services.get(
        "notifications", "/agency-inbox", account.actor, params={"limit": INBOX_LIMIT}
    )
    rows = body["items"] if isinstance(body, dict) else body
    received = [Received.model_validate(row) for row in rows]
    return render(
        request,
        "agency_inbox.html",
        {"title": "Shared with your agency", "received": received, "kind_label": kind_label},
    )


@router.get("/agency-inbox/{disclosure_id}")
async def shared_item(request: Request, disclosure_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    item = ReceivedWithContent.model_validate(
        await portal_of(request).services.get(
            "notifications", f"/agency-inbox/{disclosure_id}", account.actor
        )
    )
    return render(
        request,
        "shared_item.html",
        {
            "title": "Shared with your agency",
            "item": item,
            "lines": flattened(item.content),
            "kind_label": kind_label,
        },
    )
