"""Record what intake holds about an enquiry: communication preferences, risks and their
conclusions, the section 42 decision (managers), capacity, advocacy (needed, offered, appointed,
declined) and consent; timescales paused and resumed, a declined intervention and its
monitoring checks, the lead moved, and a closed enquiry reopened.

One GOV.UK form per thing recorded, at `/enquiries/{id}/record/{form}` (and `/{risk or need id}`
for one risk or need). Each sends intake's command with the user's actor token, carrying the
version the user read: if someone changed the record meanwhile, nothing is saved and the form
says so with everything typed kept. What is typed travels only in the form's body, never in the
address or a log. A second send of the same form is recognised by the id chosen when the form
was opened, so it records nothing twice."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.accounts.directory import colleagues
from services.portal.backend import RecordNotFound, ServiceRefused
from services.portal.context import portal_of
from services.portal.forms import FormErrors, posted_version
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import NotAllowed, SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views import recording, recording_steps
from services.portal.views.form_input import Context
from services.portal.views.record_forms import FORMS, RecordForm
from services.portal.views.recordable import Recordable
from shared.auth import Role

router = APIRouter(include_in_schema=False)
STALE = (
    "Someone else changed this enquiry after you opened this page, so nothing was saved. "
    "Check what you entered is still right, then send it again."
)


def _form_of(slug: str, account: SignedIn, item_id: UUID | None) -> RecordForm:
    require_role(account, CASEWORK)
    form = FORMS.get(slug)
    if form is None or (form.item is None) != (item_id is None):
        raise RecordNotFound
    if form.managers_only and account.role is not Role.MANAGER:
        raise NotAllowed
    return form


async def _record(request: Request, account: SignedIn, enquiry_id: UUID) -> Recordable:
    body = await portal_of(request).services.get(
        "intake", f"/enquiries/{enquiry_id}", account.actor
    )
    return Recordable.model_validate(body)


def _item(form: RecordForm, record: Recordable, item_id: UUID | None) -> Any:
    """The risk or need the form is about; none of this enquiry's is "Page not found"."""
    if form.item == "risk":
        found: Any = record.risk(item_id)
    elif form.item == "need":
        need = record.need(item_id)
        found = need if need is not None and need.open else None
    else:
        return None
    if found is None:
        raise RecordNotFound
    return found


async def _colleagues(
    request: Request, form: RecordForm, account: SignedIn
) -> list[tuple[str, str]]:
    """Who in the user's agency could take the lead: only the lead form asks."""
    if form.slug != "lead-transfer":
        return []
    db = portal_of(request).accounts.db
    return await colleagues(db, account.agency_id, CASEWORK)


def _page(
    request: Request,
    form: RecordForm,
    record: Recordable,
    item: Any,
    *,
    answers: dict[str, Any],
    record_id: str,
    expected_version: int,
    errors: FormErrors | None = None,
    status_code: int = 200,
    people: list[tuple[str, str]] | None = None,
) -> Response:
    account = request.state.account
    action = f"/enquiries/{record.enquiry_id}/record/{form.slug}"
    if item is not None:
        action += f"/{getattr(item, 'risk_id', None) or item.need_id}"
    return render(
        request,
        "record_form.html",
        {
            "title": form.title.replace("the person", record.person_name or "the person"),
            "form": form,
            "record": record,
            "name": record.person_name,
            "item": item,
            "action": action,
            "answers": answers,
            "errors": errors or FormErrors(),
            "record_id": record_id,
            "expected_version": expected_version,
            "choices": recording,
            "steps": recording_steps,
            "colleagues": people or [],
            "agency_id": account.agency_id,
        },
        status_code=status_code,
    )


@router.get("/enquiries/{enquiry_id}/record/{slug}")
@router.get("/enquiries/{enquiry_id}/record/{slug}/{item_id}")
async def record_form(
    request: Request, enquiry_id: UUID, slug: str, account: SignedIn, item_id: UUID | None = None
) -> Response:
    form = _form_of(slug, account, item_id)
    record = await _record(request, account, enquiry_id)
    item = _item(form, record, item_id)
    answers: dict[str, Any] = {}
    if form.slug == "communication-preferences":
        answers = recording.preferences_answers(record.communication_preferences)
    return _page(
        request,
        form,
        record,
        item,
        answers=answers,
        record_id=str(uuid.uuid4()),
        expected_version=record.version,
        people=await _colleagues(request, form, account),
    )


@router.post("/enquiries/{enquiry_id}/record/{slug}")
@router.post("/enquiries/{enquiry_id}/record/{slug}/{item_id}")
async def send_record(
    request: Request, enquiry_id: UUID, slug: str, account: SignedIn, item_id: UUID | None = None
) -> Response:
    form = _form_of(slug, account, item_id)
    portal = portal_of(request)
    record = await _record(request, account, enquiry_id)
    item = _item(form, record, item_id)
    posted = await request.form()
    record_id = _uuid_or_new(posted.get("record_id"))
    expected_version = posted_version(posted.get("expected_version"), record.version)
    people = await _colleagues(request, form, account)
    context = Context(
        record=record,
        today=portal.clock.now().date(),
        agency_id=account.agency_id,
        item_id=item_id,
        colleagues=tuple(people),
    )
    submission = form.read(posted, context)

    def again(errors: FormErrors, version: int = expected_version) -> Response:
        return _page(
            request,
            form,
            record,
            item,
            answers=submission.answers,
            record_id=record_id,
            expected_version=version,
            errors=errors,
            status_code=400,
            people=people,
        )

    if submission.errors:
        return again(submission.errors)
    body = {"expected_version": expected_version, **submission.body}
    if submission.id_field:
        body[submission.id_field] = record_id
    path = f"/enquiries/{enquiry_id}{submission.path}"
    try:
        if submission.method == "PUT":
            await portal.services.put("intake", path, account.actor, body)
        else:
            await portal.services.post("intake", path, account.actor, body)
    except ServiceRefused as refused:
        problems = refused.body.get("errors") or []
        if submission.id_field and any(p.get("field") == submission.id_field for p in problems):
            # Sent twice (a double click, a retry after "changed"): it is recorded already.
            return _back_to_enquiry(enquiry_id, form)
        if "current_version" in refused.body:
            errors = FormErrors()
            errors.add_general(STALE)
            return again(errors, version=record.version)
        return again(FormErrors.from_service(refused.body, form.service_fields))
    return _back_to_enquiry(enquiry_id, form)


def _back_to_enquiry(enquiry_id: UUID, form: RecordForm) -> Response:
    return RedirectResponse(f"/enquiries/{enquiry_id}#{form.section}", status_code=303)


def _uuid_or_new(value: object) -> str:
    try:
        return str(UUID(str(value)))
    except ValueError:
        return str(uuid.uuid4())
