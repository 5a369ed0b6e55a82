"""Closure with a manager's sign-off. The page shows what still blocks closure (intake's first
closure rule not met, and how many desired outcomes lack a final assessment). The practitioner
proposes closure with a national closure reason (intake's `POST .../closure-proposal`); a
manager of the lead agency who is neither the lead practitioner nor the proposer sees the
proposal, its reason already chosen, and signs it off (`POST .../closure`); then the page shows
the enquiry closed."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.accounts.directory import names_in_agency
from services.portal.backend import ServiceRefused
from services.portal.context import portal_of
from services.portal.forms import FormErrors
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import NotAllowed, SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.recordable import Recordable
from services.portal.views.recording import coded
from shared.auth import Role
from shared.codes import ClosureReason

router = APIRouter(include_in_schema=False)
REASONS = coded(ClosureReason)
STALE = (
    "Someone else changed this enquiry after you opened this page, so nothing was saved. "
    "Check what still blocks closure, then send it again."
)


def may_sign_off(account: SignedIn, record: Recordable) -> bool:
    """Intake's rule: a manager who is neither the enquiry's lead nor the one who proposed the
    closure (the lead agency is intake's scope)."""
    proposal = record.closure_proposal
    return (
        account.role is Role.MANAGER
        and account.user_id != record.lead_practitioner_id
        and (proposal is None or proposal.proposed_by != account.user_id)
    )


async def _closure_page(
    request: Request,
    account: SignedIn,
    enquiry_id: UUID,
    *,
    reason: str = "",
    version: int | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    body = await portal_of(request).services.get(
        "intake", f"/enquiries/{enquiry_id}", account.actor
    )
    record = Recordable.model_validate(body)
    return render(
        request,
        "closure.html",
        {
            "title": "Closure" if record.status != "closed" else "Enquiry closed",
            "record": record,
            "name": record.person_name,
            "reasons": REASONS,
            "reason": reason or (record.closure_proposal.reason if record.closure_proposal else ""),
            "may_sign_off": may_sign_off(account, record),
            "is_lead": account.user_id == record.lead_practitioner_id,
            "expected_version": version or record.version,
            "errors": errors or FormErrors(),
            "user_id": account.user_id,
            "names": await _names(request, record, account.agency_id),
        },
        status_code=status_code,
    )


async def _names(request: Request, record: Recordable, agency_id: str) -> dict[str, str]:
    """The proposer's and signer's names, for those with accounts in the viewer's agency (the
    lead agency, the only one that sees this page); else their user id."""
    ids = {
        record.closure_proposal.proposed_by if record.closure_proposal else None,
        record.closure.signed_off_by if record.closure else None,
    }
    people = {str(user_id) for user_id in ids - {None}}
    named = await names_in_agency(portal_of(request).accounts.db, agency_id, people)
    return {user_id: named.get(user_id, user_id) for user_id in people}


@router.get("/enquiries/{enquiry_id}/closure")
async def closure_page(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    return await _closure_page(request, account, enquiry_id)


@router.post("/enquiries/{enquiry_id}/closure/proposal")
async def propose(
    request: Request,
    enquiry_id: UUID,
    account: SignedIn,
    closure_reason: Annotated[str, Form(max_length=200)] = "",
    expected_version: Annotated[int, Form(ge=0, le=2**31)] = 0,
) -> Response:
    require_role(account, CASEWORK)
    return await _send(
        request, account, enquiry_id, "/closure-proposal", closure_reason, expected_version
    )


@router.post("/enquiries/{enquiry_id}/closure")
async def sign_off(
    request: Request,
    enquiry_id: UUID,
    account: SignedIn,
    closure_reason: Annotated[str, Form(max_length=200)] = "",
    expected_version: Annotated[int, Form(ge=0, le=2**31)] = 0,
) -> Response:
    require_role(account, CASEWORK)
    if account.role is not Role.MANAGER:
        raise NotAllowed
    return await _send(request, account, enquiry_id, "/closure", closure_reason, expected_version)


async def _send(
    request: Request,
    account: SignedIn,
    enquiry_id: UUID,
    command: str,
    closure_reason: str,
    expected_version: int,
) -> Response:
    errors = FormErrors()
    if closure_reason not in {value for value, _ in REASONS}:
        errors.add("closure_reason", "Select the reason for closing the enquiry")
        return await _closure_page(request, account, enquiry_id, errors=errors, status_code=400)
    try:
        await portal_of(request).services.post(
            "intake",
            f"/enquiries/{enquiry_id}{command}",
            account.actor,
            {"expected_version": expected_version or 1, "closure_reason": closure_reason},
        )
    except ServiceRefused as refused:
        if "current_version" in refused.body:
            errors.add_general(STALE)
        else:
            # A closure rule not met, or sign-off by the lead: intake's message, in the summary.
            errors = FormErrors.from_service(refused.body, {"closure_reason": "closure_reason"})
        return await _closure_page(
            request, account, enquiry_id, reason=closure_reason, errors=errors, status_code=400
        )
    return RedirectResponse(f"/enquiries/{enquiry_id}/closure", status_code=303)
