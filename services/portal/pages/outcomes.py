"""The person's outcomes in their words, what changed and why, reviews and actions: read from
the outcomes service, with intake's record for the person's name and how to communicate."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal.accounts.store import Account
from services.portal.backend import RecordNotFound, Services, ServiceUnavailable
from services.portal.context import portal_of
from services.portal.forms import FormErrors
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.communication import banner_of
from services.portal.views.due import DueItem
from services.portal.views.outcomes import Board, HistoryEntry, changes_of
from services.portal.views.record import Enquiry
from shared.auth import Actor

router = APIRouter(include_in_schema=False)


async def board_of(services: Services, enquiry_id: UUID, actor: Actor) -> Board | None:
    """The board, or None while outcomes has not yet heard of the enquiry (its directory is
    filled from intake's events, a moment after intake has it)."""
    try:
        return Board.model_validate(
            await services.get("outcomes", f"/enquiries/{enquiry_id}/outcomes", actor)
        )
    except RecordNotFound:
        return None


async def due_of(services: Services, enquiry_id: UUID, actor: Actor) -> list[DueItem] | None:
    """This enquiry's reviews and actions due soon or overdue (outcomes' `GET /due` for the one
    enquiry); None when outcomes does not answer."""
    try:
        body = await services.get(
            "outcomes", "/due", actor, params={"enquiry_id": str(enquiry_id), "limit": 200}
        )
    except ServiceUnavailable:
        return None
    return [DueItem.model_validate(item) for item in body.get("items", [])]


@router.get("/enquiries/{enquiry_id}/outcomes")
async def outcomes_page(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    return await outcomes_page_with(request, account, enquiry_id, FormErrors())


async def outcomes_page_with(
    request: Request,
    account: Account,
    enquiry_id: UUID,
    errors: FormErrors,
    *,
    status_code: int = 200,
) -> Response:
    """The page, with what the last button press could not do (the summary at the top)."""
    services = portal_of(request).services
    # Intake first: it decides whether this agency may see the enquiry at all.
    enquiry = Enquiry.model_validate(
        await services.get("intake", f"/enquiries/{enquiry_id}", account.actor)
    )
    board = await board_of(services, enquiry_id, account.actor)
    history: list[HistoryEntry] = []
    if board is not None:
        body = await services.get(
            "outcomes", f"/enquiries/{enquiry_id}/outcomes/history", account.actor
        )
        history = [HistoryEntry.model_validate(entry) for entry in body]
    name = enquiry.person_name
    return render(
        request,
        "outcomes.html",
        {
            "title": f"What {name or 'the person'} wants to happen",
            "enquiry": enquiry,
            "name": name,
            "banner": banner_of(enquiry.communication_preferences),
            "board": board,
            "changes": changes_of(history),
            "due": await due_of(services, enquiry_id, account.actor) if board else [],
            "errors": errors,
        },
        status_code=status_code,
    )
