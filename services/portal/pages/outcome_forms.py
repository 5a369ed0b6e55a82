"""Forms that change the person's outcomes, reviews and actions, through the outcomes service's
commands with the user's token. Each form quotes the board version it was shown with, so a
change someone else made meanwhile is refused (409) rather than overwritten; a refusal comes
back beside its field with the GOV.UK error summary, with everything typed kept and nothing
changed. The typed words travel only in the form body: never in an address or a log line."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.accounts.store import Account
from services.portal.backend import RecordNotFound, ServiceRefused
from services.portal.context import portal_of
from services.portal.forms import FormErrors, posted_version
from services.portal.pages.concern import date_items
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.outcomes import board_of, outcomes_page_with
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.outcome_forms import FORMS, OutcomeForm, body_of, check
from services.portal.views.outcomes import Action, Board, Outcome
from services.portal.views.record import Enquiry

router = APIRouter(include_in_schema=False)
OUTCOME_FORMS = frozenset(key for key, form in FORMS.items() if form.needs_outcome)
ACTION_FORMS = frozenset(key for key, form in FORMS.items() if form.needs_action)
CHANGED_MEANWHILE = (
    "Someone else changed these outcomes while you were writing. Check the page, then send again."
)


# The forms about the enquiry as a whole (not one outcome or action), by their path after
# `/enquiries/{enquiry_id}/`: the routes below and the forms' own addresses both come from here.
ENQUIRY_FORM_PATHS = {
    "record": "outcomes/new",
    "asked": "asked",
    "schedule": "review-date",
    "review": "reviews/new",
}


def _form_path(enquiry_id: UUID, form: OutcomeForm, item_id: UUID | None) -> str:
    base = f"/enquiries/{enquiry_id}"
    if form.needs_action:
        return f"{base}/actions/{item_id}/{form.key}"
    if form.key in ENQUIRY_FORM_PATHS:
        return f"{base}/{ENQUIRY_FORM_PATHS[form.key]}"
    return f"{base}/outcomes/{item_id}/{form.key}"


async def _show(
    request: Request,
    account: Account,
    enquiry_id: UUID,
    form: OutcomeForm,
    item_id: UUID | None,
    *,
    answers: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    services = portal_of(request).services
    # Intake first: it decides whether this agency may see the enquiry at all.
    enquiry = Enquiry.model_validate(
        await services.get("intake", f"/enquiries/{enquiry_id}", account.actor)
    )
    board = await board_of(services, enquiry_id, account.actor)
    if board is None:
        raise RecordNotFound  # outcomes has not heard of it yet: nothing to change
    outcome = _outcome_of(board, item_id) if form.needs_outcome else None
    action = _action_of(board, item_id) if form.needs_action else None
    if answers is None:  # first shown: a change starts from their words now
        answers = {"words": outcome.words} if form.key == "change" and outcome else {}
    ids = {
        field.name: f"{field.name}-day" if field.kind == "date" else field.name
        for field in form.fields
    }
    return render(
        request,
        "outcome_form.html",
        {
            "title": form.heading,
            "form": form,
            "action": _form_path(enquiry_id, form, item_id),
            "open_action": action,
            "enquiry": enquiry,
            "name": enquiry.person_name,
            "outcome": outcome,
            "active": board.active,
            "version": board.version,
            "answers": answers,
            "errors": errors or FormErrors(),
            "ids": ids,
            "date_items": date_items,
        },
        status_code=status_code,
    )


def _outcome_of(board: Board, outcome_id: UUID | None) -> Outcome:
    for outcome in board.outcomes:
        if outcome.outcome_id == outcome_id:
            return outcome
    raise RecordNotFound


def _action_of(board: Board, action_id: UUID | None) -> Action:
    for outcome in board.outcomes:
        for action in outcome.actions:
            if action.action_id == action_id:
                return action
    raise RecordNotFound


async def _send(
    request: Request,
    account: Account,
    enquiry_id: UUID,
    form: OutcomeForm,
    item_id: UUID | None,
) -> Response:
    require_role(account, CASEWORK)
    services = portal_of(request).services
    posted = await request.form()
    board = await board_of(services, enquiry_id, account.actor)
    if board is None:
        raise RecordNotFound
    if form.needs_outcome:
        _outcome_of(board, item_id)
    if form.needs_action:
        _action_of(board, item_id)
    today = portal_of(request).clock.now().date()
    checked = check(form, posted, today, [str(o.outcome_id) for o in board.active])
    errors = checked.errors
    if not errors:
        body = body_of(form, checked.values, posted_version(posted.get("expected_version"), 0))
        if form.key == "action":
            body["outcome_id"] = str(item_id)
        path = f"/enquiries/{enquiry_id}{form.path.format(outcome_id=item_id, action_id=item_id)}"
        try:
            if form.method == "PUT":
                await services.put("outcomes", path, account.actor, body)
            else:
                await services.post("outcomes", path, account.actor, body)
        except ServiceRefused as refused:
            errors = _refusal(refused, form)
    if errors:
        return await _show(
            request,
            account,
            enquiry_id,
            form,
            item_id,
            answers=checked.answers,
            errors=errors,
            status_code=400,
        )
    return RedirectResponse(f"/enquiries/{enquiry_id}/outcomes", status_code=303)


def _refusal(refused: ServiceRefused, form: OutcomeForm) -> FormErrors:
    if refused.status_code == 409:
        errors = FormErrors()
        errors.add_general(CHANGED_MEANWHILE)
        return errors
    return FormErrors.from_service(refused.body, form.service_fields())


def _add_enquiry_form_routes(key: str, path: str) -> None:
    """The page (GET) and its sending (POST) for one form about the enquiry as a whole."""
    form = FORMS[key]

    async def show(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
        require_role(account, CASEWORK)
        return await _show(request, account, enquiry_id, form, None)

    async def send(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
        return await _send(request, account, enquiry_id, form, None)

    address = f"/enquiries/{{enquiry_id}}/{path}"
    router.add_api_route(address, show, methods=["GET"], name=f"{key}_form")
    router.add_api_route(address, send, methods=["POST"], name=key)


for _key, _path in ENQUIRY_FORM_PATHS.items():
    _add_enquiry_form_routes(_key, _path)


def _form_among(keys: frozenset[str], key: str) -> OutcomeForm:
    """The form `key` names in an address, where it is one of `keys`; otherwise no such page."""
    if key not in keys:
        raise RecordNotFound
    return FORMS[key]


@router.get("/enquiries/{enquiry_id}/outcomes/{outcome_id}/{key}")
async def outcome_form(
    request: Request, enquiry_id: UUID, outcome_id: UUID, key: str, account: SignedIn
) -> Response:
    require_role(account, CASEWORK)
    return await _show(request, account, enquiry_id, _form_among(OUTCOME_FORMS, key), outcome_id)


@router.post("/enquiries/{enquiry_id}/outcomes/{outcome_id}/{key}")
async def change_outcome(
    request: Request, enquiry_id: UUID, outcome_id: UUID, key: str, account: SignedIn
) -> Response:
    return await _send(request, account, enquiry_id, _form_among(OUTCOME_FORMS, key), outcome_id)


@router.post("/enquiries/{enquiry_id}/actions/{action_id}/completion")
async def complete_action(
    request: Request, enquiry_id: UUID, action_id: UUID, account: SignedIn
) -> Response:
    """ "Mark as done" beside an open action on the outcomes page."""
    require_role(account, CASEWORK)
    posted = await request.form()
    try:
        await portal_of(request).services.post(
            "outcomes",
            f"/enquiries/{enquiry_id}/actions/{action_id}/completion",
            account.actor,
            {"expected_version": posted_version(posted.get("expected_version"), 0)},
        )
    except ServiceRefused as refused:
        errors = FormErrors()
        errors.add_general(
            CHANGED_MEANWHILE
            if refused.status_code == 409
            else str(refused.body.get("detail") or "The action could not be marked as done")
        )
        return await outcomes_page_with(request, account, enquiry_id, errors, status_code=400)
    return RedirectResponse(f"/enquiries/{enquiry_id}/outcomes", status_code=303)


# After `complete_action`: routes match in the order they are added.
@router.get("/enquiries/{enquiry_id}/actions/{action_id}/{key}")
async def action_form(
    request: Request, enquiry_id: UUID, action_id: UUID, key: str, account: SignedIn
) -> Response:
    require_role(account, CASEWORK)
    return await _show(request, account, enquiry_id, _form_among(ACTION_FORMS, key), action_id)


@router.post("/enquiries/{enquiry_id}/actions/{action_id}/{key}")
async def change_action(
    request: Request, enquiry_id: UUID, action_id: UUID, key: str, account: SignedIn
) -> Response:
    return await _send(request, account, enquiry_id, _form_among(ACTION_FORMS, key), action_id)
