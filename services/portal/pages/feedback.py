"""Feedback on a closed enquiry, for practitioners: the request feedback made when the enquiry
closed; the person's (or their representative's) answers taken down from a conversation, their
words exactly as said; a refusal (they are not asked again); and a single-use link for them,
shown once. Everything goes through the feedback service's API with the user's token."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.accounts.store import Account
from services.portal.backend import ServiceRefused, Services
from services.portal.context import portal_of
from services.portal.forms import FormErrors
from services.portal.pages.feedback_link import link_url
from services.portal.pages.navigation import CASEWORK
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.feedback import (
    RESPONDENTS,
    FeedbackRecord,
    FeedbackRequest,
    QuestionSet,
    answers_from,
    service_fields,
)
from services.portal.views.feedback_how_to_ask import ADDRESSEES, WAYS_TO_ASK
from services.portal.views.record import Enquiry
from shared.auth import Actor

router = APIRouter(include_in_schema=False)
WHY_LIMIT = 4000


def _respondent(value: str) -> str:
    return value if value in dict(RESPONDENTS) else "person"


@router.get("/enquiries/{enquiry_id}/feedback")
async def feedback_of_enquiry(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    services = portal_of(request).services
    # Intake first: it decides whether this agency may see the enquiry at all.
    enquiry = Enquiry.model_validate(
        await services.get("intake", f"/enquiries/{enquiry_id}", account.actor)
    )
    listing = await services.get(
        "feedback", "/feedback-requests", account.actor, params={"enquiry_id": str(enquiry_id)}
    )
    requests = [FeedbackRequest.model_validate(item) for item in listing.get("items", [])]
    return render(
        request,
        "feedback.html",
        {
            "title": f"Feedback from {enquiry.person_name or 'the person'}",
            "enquiry": enquiry,
            "name": enquiry.person_name,
            "requests": requests,
        },
    )


async def request_page(
    request: Request,
    account: Account,
    request_id: UUID,
    *,
    errors: FormErrors | None = None,
    link: dict[str, Any] | None = None,
    how: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """One request with its answers (feedback records this view). `how`: what was chosen in
    the how-to-ask form, shown again when it comes back with errors (else the request's own)."""
    services = portal_of(request).services
    record = FeedbackRecord.model_validate(
        await services.get("feedback", f"/feedback-requests/{request_id}", account.actor)
    )
    return render(
        request,
        "feedback_request.html",
        {
            "title": "Feedback" if link is None else "Their link",
            "record": record,
            "respondents": RESPONDENTS,
            "errors": errors or FormErrors(),
            "link": link,
            "link_url": link_url(request, link["token"]) if link else None,
            "questions": (await _questions(services, "person", account.actor)).questions,
            "how": how or record.how_to_ask(),
            "addressees": ADDRESSEES,
            "ways_to_ask": WAYS_TO_ASK,
        },
        status_code=status_code,
    )


async def _questions(services: Services, wording: str, actor: Actor) -> QuestionSet:
    return QuestionSet.model_validate(
        await services.get("feedback", "/feedback/questions", actor, params={"wording": wording})
    )


@router.get("/feedback-requests/{request_id}")
async def feedback_request(request: Request, request_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    return await request_page(request, account, request_id)


async def _answers_form(
    request: Request,
    account: Account,
    request_id: UUID,
    respondent: str,
    *,
    typed: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
    questions: QuestionSet | None = None,
) -> Response:
    """The answers form; `questions`, when the caller already has them in this wording."""
    services = portal_of(request).services
    summary = FeedbackRequest.model_validate(
        await services.get("feedback", f"/feedback-requests/{request_id}", account.actor)
    )
    questions = questions or await _questions(services, respondent, account.actor)
    return render(
        request,
        "feedback_answers.html",
        {
            "title": "Their answers"
            if respondent == "person"
            else "Their representative's answers",
            "request_id": request_id,
            "enquiry_id": summary.enquiry_id,
            "respondent": respondent,
            "questions": questions,
            "lead_is_asking": summary.ask_not_by == account.user_id,
            "typed": typed or {},
            "errors": errors or FormErrors(),
        },
        status_code=status_code,
    )


@router.get("/feedback-requests/{request_id}/answers")
async def answers_form(
    request: Request, request_id: UUID, account: SignedIn, respondent: str = "person"
) -> Response:
    require_role(account, CASEWORK)
    return await _answers_form(request, account, request_id, _respondent(respondent))


@router.post("/feedback-requests/{request_id}/answers")
async def record_answers(request: Request, request_id: UUID, account: SignedIn) -> Response:
    require_role(account, CASEWORK)
    services = portal_of(request).services
    posted = await request.form()
    respondent = _respondent(str(posted.get("respondent", "")))
    question_set = await _questions(services, respondent, account.actor)
    questions = question_set.questions
    typed, answers, errors = answers_from(posted, questions)
    why = str(posted.get("why_the_lead_asked", ""))
    typed["why_the_lead_asked"] = why
    if len(why) > WHY_LIMIT:
        errors.add("why_the_lead_asked", f"Why you asked must be {WHY_LIMIT:,} characters or fewer")
    if not errors:
        body: dict[str, Any] = {"respondent": respondent, "answers": answers}
        if why.strip():
            body["why_the_lead_asked"] = why
        try:
            await services.post(
                "feedback", f"/feedback-requests/{request_id}/answers", account.actor, body
            )
        except ServiceRefused as refused:
            errors = FormErrors.from_service(refused.body, service_fields(questions))
    if errors:
        return await _answers_form(
            request,
            account,
            request_id,
            respondent,
            typed=typed,
            errors=errors,
            status_code=400,
            questions=question_set,
        )
    return RedirectResponse(f"/feedback-requests/{request_id}", status_code=303)


@router.post("/feedback-requests/{request_id}/refusal")
async def record_refusal(
    request: Request,
    request_id: UUID,
    account: SignedIn,
    refused_by: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    require_role(account, CASEWORK)
    errors = FormErrors()
    if refused_by not in dict(RESPONDENTS):
        errors.add("refused_by", "Select who does not want to give feedback")
    else:
        try:
            await portal_of(request).services.post(
                "feedback",
                f"/feedback-requests/{request_id}/refusal",
                account.actor,
                {"refused_by": refused_by},
            )
        except ServiceRefused as refused:
            errors = FormErrors.from_service(refused.body, {"refused_by": "refused_by"})
    if errors:
        return await request_page(request, account, request_id, errors=errors, status_code=400)
    return RedirectResponse(f"/feedback-requests/{request_id}", status_code=303)


@router.post("/feedback-requests/{request_id}/links")
async def issue_link(
    request: Request,
    request_id: UUID,
    account: SignedIn,
    respondent: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """The link's code is shown on this one answer and nowhere else: not in an address, not in
    a log, and feedback keeps only its hash. Reloading does not show it again."""
    require_role(account, CASEWORK)
    errors = FormErrors()
    if respondent not in dict(RESPONDENTS):
        errors.add("link_respondent", "Select who the link is for")
        return await request_page(request, account, request_id, errors=errors, status_code=400)
    try:
        link = await portal_of(request).services.post(
            "feedback",
            f"/feedback-requests/{request_id}/links",
            account.actor,
            {"respondent": respondent},
        )
    except ServiceRefused as refused:
        errors = FormErrors.from_service(refused.body, {"respondent": "link_respondent"})
        return await request_page(request, account, request_id, errors=errors, status_code=400)
    return await request_page(request, account, request_id, link=link)
