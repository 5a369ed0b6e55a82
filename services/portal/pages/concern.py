"""Raise a concern, step by step (GOV.UK question pages), then open the enquiry in intake.

Every step is a POST to the same address carrying all the answers so far; nothing typed goes in
the address or a log, and errors come back beside their fields with the answers kept."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.backend import ServiceRefused
from services.portal.context import portal_of
from services.portal.forms import FormErrors
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.concern_form import (
    SERVICE_FIELDS,
    STEP_OF,
    STEPS,
    ConcernAnswers,
    check_step,
    first_step_with_errors,
    intake_body,
)

router = APIRouter(include_in_schema=False)
TITLES = {
    "person": "Who is the concern about?",
    "what-happened": "What happened?",
    "referrer": "Who raised the concern?",
    "check": "Check your answers before raising the concern",
}
# The first input of each date, for the error summary's links.
IDS = {"dob": "dob-day", "raised": "raised-day"}


def date_items(
    prefix: str, day: str, month: str, year: str, has_error: object
) -> list[dict[str, str]]:
    """The day, month and year inputs of a GOV.UK date input, red-bordered when wrong."""
    error = " govuk-input--error" if has_error else ""
    return [
        {
            "name": f"{prefix}_day",
            "label": "Day",
            "id": f"{prefix}-day",
            "value": day,
            "classes": f"govuk-input--width-2{error}",
            "inputmode": "numeric",
        },
        {
            "name": f"{prefix}_month",
            "label": "Month",
            "id": f"{prefix}-month",
            "value": month,
            "classes": f"govuk-input--width-2{error}",
            "inputmode": "numeric",
        },
        {
            "name": f"{prefix}_year",
            "label": "Year",
            "id": f"{prefix}-year",
            "value": year,
            "classes": f"govuk-input--width-4{error}",
            "inputmode": "numeric",
        },
    ]


def _step_page(
    request: Request,
    step: str,
    answers: ConcernAnswers,
    errors: FormErrors | None = None,
    *,
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "title": TITLES[step],
        "heading": TITLES[step],
        "step": step,
        "number": STEPS.index(step) + 1,
        "answers": answers,
        "hidden": answers.hidden(step),
        "errors": errors or FormErrors(),
        "ids": IDS,
        "date_items": date_items,
    }
    return render(request, "concern.html", context, status_code=status_code)


@router.get("/concerns/new")
async def start(request: Request, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    # Chosen now so that sending the last step twice cannot open two enquiries.
    return _step_page(request, "person", ConcernAnswers(enquiry_id=str(uuid.uuid4())))


@router.post("/concerns/new")
async def answer(request: Request, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    form = await request.form()
    answers = ConcernAnswers.from_form(form)
    try:
        uuid.UUID(answers.enquiry_id)
    except ValueError:
        answers.enquiry_id = str(uuid.uuid4())
    go_to = str(form.get("go_to", ""))
    if go_to in STEPS:
        return _step_page(request, go_to, answers)
    step = str(form.get("step", ""))
    if step not in STEPS:
        step = STEPS[0]
    today = portal_of(request).clock.now().date()
    if step != "check":
        errors = check_step(answers, step, today)
        if errors:
            return _step_page(request, step, answers, errors, status_code=400)
        return _step_page(request, STEPS[STEPS.index(step) + 1], answers)
    problem = first_step_with_errors(answers, today)
    if problem is not None:
        return _step_page(request, problem[0], answers, problem[1], status_code=400)
    return await _raise(request, account, answers)


async def _raise(request: Request, account: SignedIn, answers: ConcernAnswers) -> Response:
    portal = portal_of(request)
    body = intake_body(answers, portal.clock.now())
    try:
        await portal.services.post("intake", "/enquiries", account.actor, body)
    except ServiceRefused as refused:
        if refused.status_code == 409:
            # Sent twice (a double click, a retry): the enquiry exists; show it.
            return RedirectResponse(f"/enquiries/{answers.enquiry_id}", status_code=303)
        errors = FormErrors.from_service(refused.body, SERVICE_FIELDS)
        step = next((STEP_OF[name] for name in errors.messages), "check")
        return _step_page(request, step, answers, errors, status_code=400)
    return RedirectResponse(f"/enquiries/{answers.enquiry_id}", status_code=303)
