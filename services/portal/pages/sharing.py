"""Consent and sharing: ask to disclose to another agency (notifications' policy decides: shared
at once, or blocked with its plain reason); ask to override a block on a lawful ground, approved
by another manager, then sent; and the sharing log of every decision."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.backend import RecordNotFound, ServiceRefused
from services.portal.context import portal_of
from services.portal.forms import FormErrors
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.record import Enquiry
from services.portal.views.sharing import (
    AGENCIES,
    GROUND_CHOICES,
    KIND_CHOICES,
    PURPOSE_CHOICES,
    Decision,
    Disclosure,
    kind_label,
    purpose_label,
)
from shared.auth import Role

router = APIRouter(include_in_schema=False)
MAX_NARRATIVE = 10_000
MAX_TOLD = 2_000


async def _sharing_page(
    request: Request,
    account: SignedIn,
    enquiry_id: UUID,
    *,
    answers: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    services = portal_of(request).services
    enquiry = Enquiry.model_validate(
        await services.get("intake", f"/enquiries/{enquiry_id}", account.actor)
    )
    try:
        body = await services.get(
            "notifications", f"/enquiries/{enquiry_id}/sharing-log", account.actor
        )
        log = [Decision.model_validate(row) for row in body]
    except RecordNotFound:  # notifications has not heard of the enquiry yet
        log = []
    return render(
        request,
        "sharing.html",
        {
            "title": "Consent and sharing",
            "enquiry": enquiry,
            "name": enquiry.person_name,
            "log": list(reversed(log)),
            "agencies": [a for a in AGENCIES if a != account.agency_id],
            "purposes": PURPOSE_CHOICES,
            "kinds": KIND_CHOICES,
            "answers": answers or {"kinds": []},
            "errors": errors or FormErrors(),
            "purpose_label": purpose_label,
            "kind_label": kind_label,
        },
        status_code=status_code,
    )


@router.get("/enquiries/{enquiry_id}/sharing")
async def sharing_page(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    return await _sharing_page(request, account, enquiry_id)


@router.post("/enquiries/{enquiry_id}/sharing")
async def ask_to_share(
    request: Request,
    enquiry_id: UUID,
    account: SignedIn,
    recipient: Annotated[str, Form(max_length=100)] = "",
    purpose: Annotated[str, Form(max_length=100)] = "",
    kinds: Annotated[list[str] | None, Form()] = None,
) -> Response:
    require_role(account, CASEWORK)
    chosen = [kind for kind in kinds or [] if kind in dict(KIND_CHOICES)]
    answers = {"recipient": recipient, "purpose": purpose, "kinds": chosen}
    errors = FormErrors()
    if recipient not in AGENCIES or recipient == account.agency_id:
        errors.add("recipient", "Select the agency to share with")
    if purpose not in dict(PURPOSE_CHOICES):
        errors.add("purpose", "Select what the information is for")
    if not chosen:
        errors.add("kinds", "Select the information to share")
    if errors:
        return await _sharing_page(
            request, account, enquiry_id, answers=answers, errors=errors, status_code=400
        )
    disclosure_id = uuid.uuid4()
    try:
        await portal_of(request).services.post(
            "notifications",
            f"/enquiries/{enquiry_id}/disclosures",
            account.actor,
            {
                "disclosure_id": str(disclosure_id),
                "recipient_agency_id": recipient,
                "purpose": purpose,
                "kinds": chosen,
            },
        )
    except ServiceRefused as refused:
        if refused.body.get("stage") != "blocked":
            fields = {"recipient_agency_id": "recipient", "purpose": "purpose", "kinds": "kinds"}
            errors = FormErrors.from_service(refused.body, fields)
            return await _sharing_page(
                request, account, enquiry_id, answers=answers, errors=errors, status_code=400
            )
        # Blocked is an answer, recorded by the service: its page says why.
    return RedirectResponse(f"/disclosures/{disclosure_id}", status_code=303)


async def _disclosure_page(
    request: Request,
    account: SignedIn,
    disclosure_id: UUID,
    *,
    answers: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    disclosure = Disclosure.model_validate(
        await portal_of(request).services.get(
            "notifications", f"/disclosures/{disclosure_id}", account.actor
        )
    )
    return render(
        request,
        "disclosure.html",
        {
            "title": "Sharing with " + disclosure.recipient_agency_id.replace("-", " "),
            "disclosure": disclosure,
            "purpose": purpose_label(disclosure.purpose),
            "kinds": [kind_label(kind) for kind in disclosure.kinds],
            "grounds": GROUND_CHOICES,
            "answers": answers or {},
            "errors": errors or FormErrors(),
            "is_manager": account.role is Role.MANAGER,
        },
        status_code=status_code,
    )


@router.get("/disclosures/{disclosure_id}")
async def disclosure_page(request: Request, disclosure_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    return await _disclosure_page(request, account, disclosure_id)


@router.post("/disclosures/{disclosure_id}/override")
async def ask_to_override(
    request: Request,
    disclosure_id: UUID,
    account: SignedIn,
    ground: Annotated[str, Form(max_length=100)] = "",
    narrative: Annotated[str, Form(max_length=MAX_NARRATIVE)] = "",
    told: Annotated[str, Form(max_length=10)] = "",
    person_told: Annotated[str, Form(max_length=MAX_TOLD)] = "",
    why_not_told: Annotated[str, Form(max_length=MAX_TOLD)] = "",
) -> Response:
    require_role(account, CASEWORK)
    answers = {
        "ground": ground,
        "narrative": narrative,
        "told": told,
        "person_told": person_told,
        "why_not_told": why_not_told,
    }
    errors = FormErrors()
    if ground not in dict(GROUND_CHOICES):
        errors.add("ground", "Select the lawful ground for sharing without consent")
    if not narrative.strip():
        errors.add("narrative", "Explain why the information must be shared")
    if told == "yes" and not person_told.strip():
        errors.add("person_told", "Say how and when the person was told")
    elif told == "no" and not why_not_told.strip():
        errors.add("why_not_told", "Say why telling the person would increase the risk")
    elif told not in ("yes", "no"):
        errors.add("told", "Select whether the person has been told")
    if not errors:
        body = {"ground": ground, "narrative": narrative}
        body |= {"person_told": person_told} if told == "yes" else {"why_not_told": why_not_told}
        try:
            await portal_of(request).services.post(
                "notifications", f"/disclosures/{disclosure_id}/override", account.actor, body
            )
        except ServiceRefused as refused:
            errors = FormErrors.from_service(
                refused.body,
                {name: name for name in ("ground", "narrative", "person_told", "why_not_told")},
            )
    if errors:
        return await _disclosure_page(
            request, account, disclosure_id, answers=answers, errors=errors, status_code=400
        )
    return RedirectResponse(f"/disclosures/{disclosure_id}", status_code=303)


async def _act(request: Request, account: SignedIn, disclosure_id: UUID, action: str) -> Response:
    try:
        await portal_of(request).services.post(
            "notifications", f"/disclosures/{disclosure_id}/{action}", account.actor, {}
        )
    except ServiceRefused as refused:
        if refused.body.get("stage") != "blocked":
            errors = FormErrors.from_service(refused.body, {})
            return await _disclosure_page(
                request, account, disclosure_id, errors=errors, status_code=400
            )
    return RedirectResponse(f"/disclosures/{disclosure_id}", status_code=303)


@router.post("/disclosures/{disclosure_id}/approval")
async def approve(request: Request, disclosure_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    return await _act(request, account, disclosure_id, "approval")


@router.post("/disclosures/{disclosure_id}/delivery")
async def send(request: Request, disclosure_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    return await _act(request, account, disclosure_id, "delivery")
