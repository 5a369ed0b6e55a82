"""The person's side of a single-use feedback link (no sign-in): the questions in the wording
feedback chose (the person's, the representative's or easy-read with pictures), their answers,
"I do not want to answer", and a thank-you. The code in the link is the only key: it is sent
to feedback's token-free link routes and nowhere else. Every unusable link (used, expired,
replaced, refused, unknown or malformed) gets the same 410 page, so the page never tells
whether a link ever existed. Request logs carry the route template (`/feedback/{token}`),
never the address itself (shared/http/middleware.py)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from fastapi import APIRouter, FastAPI, Request, status
from fastapi.responses import RedirectResponse, Response

from services.portal.backend import ServiceRefused
from services.portal.context import portal_of
from services.portal.forms import FormErrors
from services.portal.pages.templating import render
from services.portal.views.feedback import service_fields
from services.portal.views.feedback_link import LinkQuestions, looks_like_a_code, their_answers

router = APIRouter(include_in_schema=False)
PREFIX = "/feedback"
THANK_YOU = f"{PREFIX}/thank-you"
TOLD_US_NO = f"{PREFIX}/you-said-no"
EASY_READ = "easy-read"  # the thank-you pages' query: ?easy-read=yes


class LinkUnusable(Exception):
    """Feedback answered 410, or the code cannot be one: the one page for every such link."""


class TooManyTries(Exception):
    """Feedback's per-address limit (429)."""


def link_url(request: Request, token: str) -> str:
    """The full address of the person's page, for the practitioner to pass on."""
    return f"{str(request.base_url).rstrip('/')}{PREFIX}/{token}"


async def _feedback(call: Awaitable[Any]) -> Any:
    try:
        return await call
    except ServiceRefused as refused:
        if refused.status_code == status.HTTP_410_GONE:
            raise LinkUnusable from refused
        if refused.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
            raise TooManyTries from refused
        raise


def _address(request: Request) -> str:
    """The person's address as the portal sees it (behind a proxy: the one uvicorn takes from
    the proxy's X-Forwarded-For, trusted only from `FORWARDED_ALLOW_IPS`)."""
    return request.client.host if request.client else "unknown"


async def _link(request: Request, token: str) -> LinkQuestions:
    if not looks_like_a_code(token):
        raise LinkUnusable
    services = portal_of(request).services
    found = await _feedback(
        services.get_for_person("feedback", f"/feedback/link/{token}", _address(request))
    )
    return LinkQuestions.model_validate(found)


def _done(path: str, link: LinkQuestions) -> Response:
    query = f"?{EASY_READ}=yes" if link.easy_read else ""
    return RedirectResponse(f"{path}{query}", status_code=status.HTTP_303_SEE_OTHER)


TITLES = {
    "thank-you": "Thank you for your answers",
    "said-no": "Thank you for telling us",
    "gone": "This link cannot be used any more",
    "too-many": "Please wait a minute",
}


def _message(request: Request, kind: str, easy_read: bool, status_code: int = 200) -> Response:
    """One of the short pages: `feedback_link_message.html` holds their words."""
    return render(
        request,
        "feedback_link_message.html",
        {"kind": kind, "easy": easy_read, "title": TITLES[kind]},
        status_code=status_code,
    )


# The fixed pages come before `/feedback/{token}` so that it never takes them for a code.
@router.get(THANK_YOU)
async def thank_you(request: Request) -> Response:
    return _message(request, "thank-you", request.query_params.get(EASY_READ) == "yes")


@router.get(TOLD_US_NO)
async def told_us_no(request: Request) -> Response:
    return _message(request, "said-no", request.query_params.get(EASY_READ) == "yes")


def _questions_page(
    request: Request,
    token: str,
    link: LinkQuestions,
    *,
    typed: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "feedback_link.html",
        {
            "title": "How did it go?",
            "token": token,
            "link": link,
            "easy": link.easy_read,
            "typed": typed or {},
            "errors": errors or FormErrors(),
        },
        status_code=status_code,
    )


@router.get(PREFIX + "/{token}")
async def questions(request: Request, token: str) -> Response:
    return _questions_page(request, token, await _link(request, token))


@router.post(PREFIX + "/{token}")
async def send_answers(request: Request, token: str) -> Response:
    link = await _link(request, token)
    typed, answers, anonymous, errors = their_answers(await request.form(), link)
    if not errors:
        body = {"answers": answers, "anonymous": anonymous, "easy_read": link.easy_read}
        services = portal_of(request).services
        try:
            await _feedback(
                services.post_for_person(
                    "feedback", f"/feedback/link/{token}/answers", _address(request), body
                )
            )
        except ServiceRefused as refused:
            errors = FormErrors.from_service(refused.body, service_fields(link.questions.questions))
    if errors:
        return _questions_page(request, token, link, typed=typed, errors=errors, status_code=400)
    return _done(THANK_YOU, link)


@router.get(PREFIX + "/{token}/no")
async def confirm_no(request: Request, token: str) -> Response:
    link = await _link(request, token)
    return render(
        request,
        "feedback_link_no.html",
        {"title": "You do not want to answer", "token": token, "easy": link.easy_read},
    )


@router.post(PREFIX + "/{token}/no")
async def say_no(request: Request, token: str) -> Response:
    link = await _link(request, token)
    services = portal_of(request).services
    await _feedback(
        services.post_for_person(
            "feedback", f"/feedback/link/{token}/refusal", _address(request), {}
        )
    )
    return _done(TOLD_US_NO, link)


def install_link_pages(app: FastAPI) -> None:
    """The two answers that are the same whatever the link: gone (410) and wait (429)."""

    @app.exception_handler(LinkUnusable)
    async def _gone(request: Request, _error: LinkUnusable) -> Response:
        return _message(request, "gone", False, status.HTTP_410_GONE)

    @app.exception_handler(TooManyTries)
    async def _wait(request: Request, _error: TooManyTries) -> Response:
        return _message(request, "too-many", False, status.HTTP_429_TOO_MANY_REQUESTS)
