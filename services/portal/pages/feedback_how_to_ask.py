"""Whom to ask for feedback and how (feedback's `PUT /feedback-requests/{id}/how-to-ask`): the
person, their representative or both; the way they prefer; easy-read questions with pictures.
The form is on the request's page; a problem comes back there, beside its field and in the
error summary, with what was chosen kept."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.backend import ServiceRefused
from services.portal.context import portal_of
from services.portal.forms import FormErrors
from services.portal.pages.feedback import request_page
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.views.feedback_how_to_ask import SERVICE_FIELDS, how_to_ask_from

router = APIRouter(include_in_schema=False)


@router.post("/feedback-requests/{request_id}/how-to-ask")
async def change_how_to_ask(request: Request, request_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    typed, body, errors = how_to_ask_from(await request.form())
    if not errors:
        try:
            await portal_of(request).services.put(
                "feedback", f"/feedback-requests/{request_id}/how-to-ask", account.actor, body
            )
        except ServiceRefused as refused:
            errors = FormErrors.from_service(refused.body, SERVICE_FIELDS)
    if errors:
        return await request_page(
            request, account, request_id, errors=errors, how=typed, status_code=400
        )
    return RedirectResponse(f"/feedback-requests/{request_id}", status_code=303)
