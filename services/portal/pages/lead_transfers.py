"""Transfers of the lead waiting for the user's agency: the list (what intake shows another agency
before it accepts: the reference, who asks, why, when; nothing about the person), accepting one
(the user becomes the lead practitioner and the enquiry opens), or declining it with a reason.
Each answer carries the version the list was read at: a change meanwhile saves nothing."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from services.portal.backend import RecordNotFound, ServiceRefused
from services.portal.context import portal_of
from services.portal.forms import FormErrors, posted_version
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.form_input import MAX_WORDS, required_text, start

router = APIRouter(include_in_schema=False)
STALE = (
    "Someone changed this enquiry after you opened this page, so nothing was saved. "
    "Check the request below, then answer it again."
)


class Incoming(BaseModel):
    model_config = ConfigDict(extra="ignore")

    enquiry_id: UUID
    from_agency_id: str
    reason: str
    requested_at: datetime
    version: int


class IncomingList(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[Incoming] = []


async def _incoming(request: Request, account: SignedIn) -> list[Incoming]:
    body = await portal_of(request).services.get(
        "intake", "/lead-transfers/incoming", account.actor
    )
    return IncomingList.model_validate(body).items


async def _one(request: Request, account: SignedIn, enquiry_id: UUID) -> Incoming:
    found = next((t for t in await _incoming(request, account) if t.enquiry_id == enquiry_id), None)
    if found is None:
        raise RecordNotFound
    return found


@router.get("/lead-transfers")
async def lead_transfers(request: Request, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    return render(
        request,
        "lead_transfers.html",
        {"title": "Asked to take the lead", "transfers": await _incoming(request, account)},
    )


def _refusal_page(
    request: Request,
    transfer: Incoming,
    *,
    answers: dict[str, str],
    errors: FormErrors,
    version: int,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "lead_transfer_refusal.html",
        {
            "title": "Decline the lead",
            "transfer": transfer,
            "answers": answers,
            "errors": errors,
            "expected_version": version,
        },
        status_code=status_code,
    )


@router.post("/lead-transfers/{enquiry_id}/acceptance")
async def accept(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    transfer = await _one(request, account, enquiry_id)
    posted = await request.form()
    body = {"expected_version": posted_version(posted.get("expected_version"), transfer.version)}
    try:
        await portal_of(request).services.post(
            "intake", f"/enquiries/{enquiry_id}/lead-transfer/acceptance", account.actor, body
        )
    except ServiceRefused as refused:
        errors = FormErrors()
        errors.add_general(STALE if "current_version" in refused.body else _said(refused))
        return render(
            request,
            "lead_transfers.html",
            {
                "title": "Asked to take the lead",
                "transfers": await _incoming(request, account),
                "errors": errors,
            },
            status_code=400,
        )
    return RedirectResponse(f"/enquiries/{enquiry_id}", status_code=303)


@router.get("/lead-transfers/{enquiry_id}/refusal")
async def refusal_form(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    transfer = await _one(request, account, enquiry_id)
    return _refusal_page(
        request, transfer, answers={}, errors=FormErrors(), version=transfer.version
    )


@router.post("/lead-transfers/{enquiry_id}/refusal")
async def decline(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    transfer = await _one(request, account, enquiry_id)
    posted = await request.form()
    version = posted_version(posted.get("expected_version"), transfer.version)
    form, answers, errors = start(posted)
    reason = required_text(
        form,
        answers,
        errors,
        "reason",
        "Enter why your agency will not lead",
        MAX_WORDS,
        "The reason",
    )
    if not errors:
        body = {"expected_version": version, "reason": reason}
        try:
            await portal_of(request).services.post(
                "intake", f"/enquiries/{enquiry_id}/lead-transfer/refusal", account.actor, body
            )
        except ServiceRefused as refused:
            if "current_version" in refused.body:
                errors.add_general(STALE)
                version = transfer.version
            else:
                errors = FormErrors.from_service(refused.body, {"reason": "reason"})
        else:
            return RedirectResponse("/lead-transfers", status_code=303)
    return _refusal_page(
        request, transfer, answers=answers, errors=errors, version=version, status_code=400
    )


def _said(refused: ServiceRefused) -> str:
    errors = FormErrors.from_service(refused.body, {})
    return errors.general[0] if errors.general else "The lead could not be accepted."
