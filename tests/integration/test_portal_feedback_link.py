"""The person's side of a single-use feedback link, through the portal over real HTTP with the
real services: no sign-in, no cookie to begin with; their answers (kept exactly as typed), the
GOV.UK error pattern, "I do not want to answer", the anonymous choice, easy-read with pictures,
the one 410 page for every unusable link, and the link's code never in a log line."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from collections.abc import Iterator

import httpx
import pytest
import structlog

from shared.logging import configure_logging
from shared.settings import Settings
from tests.integration.test_portal_enquiry_record import PRACTITIONER
from tests.integration.test_portal_feedback import a_closed_enquiry_asked_for_feedback
from tests.portal_support import (
    PortalPlatform,
    actor_of,
    as_shown,
    csrf_token,
    portal_platform,
    sign_in,
)

pytestmark = pytest.mark.integration
WORDS = "Someone should've rung me back — I waited \"weeks\" & nobody came.\n\nThat's all. 😞"
LINK_URL = re.compile(r'<code class="portal-link-url">([^<]+)</code>')
GONE = "This link cannot be used any more"


async def a_link_from_the_practitioner(platform: PortalPlatform, request_id: str) -> str:
    """What the practitioner does: make a link for the person; its full address, shown once."""
    async with httpx.AsyncClient(base_url=platform.portal) as practitioner:
        await sign_in(practitioner, PRACTITIONER.email)
        page = await practitioner.get(f"/feedback-requests/{request_id}")
        made = await practitioner.post(
            f"/feedback-requests/{request_id}/links",
            data={"csrftoken": csrf_token(page.text), "respondent": "person"},
        )
    assert made.status_code == 200, made.text
    match = LINK_URL.search(made.text)
    assert match, "the practitioner is not shown the link's address"
    return match.group(1)


async def the_request_page(platform: PortalPlatform, request_id: str) -> str:
    async with httpx.AsyncClient(base_url=platform.portal) as practitioner:
        await sign_in(practitioner, PRACTITIONER.email)
        return (await practitioner.get(f"/feedback-requests/{request_id}")).text


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def production_logging() -> Iterator[io.StringIO]:
    """Logging configured as every process configures it (JSON lines, here into a buffer
    instead of stderr), put back afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, structlog.get_config())
    httpx_level = logging.getLogger("httpx").level
    written = io.StringIO()
    with contextlib.redirect_stderr(written):
        configure_logging("portal", log_format="json")
    structlog.configure(cache_logger_on_first_use=False)  # so nothing keeps this set-up
    try:
        yield written
    finally:
        root.handlers[:], level, config = saved
        root.setLevel(level)
        structlog.configure(**config)
        structlog.contextvars.clear_contextvars()
        logging.getLogger("httpx").setLevel(httpx_level)
        logging.getLogger("uvicorn.access").disabled = False


async def test_the_person_answers_once_in_their_own_words_and_the_code_is_never_logged(
    settings: Settings, production_logging: io.StringIO
) -> None:
    async with portal_platform(settings, PRACTITIONER, feedback=True) as platform:
        _enquiry_id, request_id = await a_closed_enquiry_asked_for_feedback(platform)
        url = await a_link_from_the_practitioner(platform, request_id)
        token = url.rsplit("/", 1)[1]

        async with httpx.AsyncClient() as forger:  # another site posting, with no cookie
            forged = await forger.post(url, data={"listened_to": "yes"})
        async with httpx.AsyncClient() as person:
            asked = await person.get(url)
            nothing = await person.post(url, data={"csrftoken": csrf_token(asked.text)})
            too_long = await person.post(
                url,
                data={
                    "csrftoken": csrf_token(asked.text),
                    "listened_to": "no",
                    "what_would_have_made_it_better": WORDS + "x" * 4000,
                },
            )
            sent = await person.post(
                url,
                data={
                    "csrftoken": csrf_token(asked.text),
                    "listened_to": "no",
                    "satisfaction": "2",
                    "what_would_have_made_it_better": WORDS,
                },
            )
            thanked = await person.get(platform.portal + sent.headers["location"])
            again = await person.get(url)
            sent_again = await person.post(
                url, data={"csrftoken": csrf_token(asked.text), "listened_to": "yes"}
            )
            made_up = await person.get(f"{platform.portal}/feedback/{'A' * 43}")
            malformed = await person.get(f"{platform.portal}/feedback/not..a%20code")
        shown = await the_request_page(platform, request_id)
    logged = production_logging.getvalue()

    assert url.startswith(f"{platform.portal}/feedback/")
    assert forged.status_code == 403  # refused before the page runs: nothing recorded
    assert asked.status_code == 200
    assert "How did it go?" in asked.text
    assert "Were you asked what you wanted to happen?" in asked.text
    assert "Sign out" not in asked.text
    assert nothing.status_code == 400
    assert "There is a problem" in nothing.text
    assert 'href="#asked_what_they_wanted"' in nothing.text
    assert too_long.status_code == 400
    assert 'href="#what_would_have_made_it_better"' in too_long.text
    assert "What you wrote is too long. Use 4,000 characters or fewer" in too_long.text
    assert f"{as_shown(WORDS + 'x' * 4000)}</textarea>" in too_long.text  # nothing lost
    assert re.search(r'value="no" checked', too_long.text)
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == "/feedback/thank-you"  # no code in it
    assert "Thank you for your answers" in thanked.text
    assert again.status_code == sent_again.status_code == 410
    assert made_up.status_code == malformed.status_code == 410
    assert main_of(again.text) == main_of(made_up.text) == main_of(malformed.text)
    assert GONE in again.text
    assert f"&ldquo;{as_shown(WORDS)}&rdquo;" in shown  # exactly as typed
    assert "Given through their link" in shown

    lines = [json.loads(line) for line in logged.splitlines() if line.startswith("{")]
    assert any(line.get("route") == "/feedback/{token}" for line in lines), "nothing was logged"
    assert token not in logged


async def test_easy_read_shows_pictures_and_anonymous_answers_are_kept_apart(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER, feedback=True) as platform:
        _enquiry_id, request_id = await a_closed_enquiry_asked_for_feedback(platform)
        await platform.call(
            "feedback",
            actor_of(PRACTITIONER),
            "PUT",
            f"/feedback-requests/{request_id}/how-to-ask",
            {"addressee": "person", "easy_read": True},
        )
        url = await a_link_from_the_practitioner(platform, request_id)
        async with httpx.AsyncClient() as person:
            asked = await person.get(url)
            nothing = await person.post(url, data={"csrftoken": csrf_token(asked.text)})
            sent = await person.post(
                url,
                data={
                    "csrftoken": csrf_token(asked.text),
                    "feel_safer": "yes",
                    "what_would_have_made_it_better": WORDS,
                    "anonymous": "yes",
                },
            )
            thanked = await person.get(platform.portal + sent.headers["location"])
        shown = await the_request_page(platform, request_id)

    assert "Did we ask you what you wanted to happen?" in asked.text
    assert 'aria-label="A worker listening to a person who is talking"' in asked.text
    assert "portal-easy-read" in asked.text
    assert "Yes, keep my name off my answers" in asked.text
    assert "Please answer at least 1 question" in nothing.text
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == "/feedback/thank-you?easy-read=yes"
    assert "We got your answers." in thanked.text
    assert "Answered" in shown
    assert as_shown(WORDS) not in shown  # anonymous: not on the enquiry's record


async def test_saying_no_is_confirmed_then_recorded_and_the_link_stops_working(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER, feedback=True) as platform:
        _enquiry_id, request_id = await a_closed_enquiry_asked_for_feedback(platform)
        url = await a_link_from_the_practitioner(platform, request_id)
        async with httpx.AsyncClient() as person:
            confirm = await person.get(f"{url}/no")
            unconfirmed = await person.post(f"{url}/no")  # without the form's token: refused
            said_no = await person.post(f"{url}/no", data={"csrftoken": csrf_token(confirm.text)})
            told = await person.get(platform.portal + said_no.headers["location"])
            after = await person.get(url)
        shown = await the_request_page(platform, request_id)

    assert confirm.status_code == 200
    assert "Are you sure you do not want to answer?" in confirm.text
    assert unconfirmed.status_code == 403
    assert said_no.status_code == 303
    assert said_no.headers["location"] == "/feedback/you-said-no"
    assert "We will not ask you again" in told.text
    assert after.status_code == 410
    assert "They did not want to give feedback" in shown


async def test_two_people_answering_at_once_each_have_their_own_allowance(
    settings: Settings,
) -> None:
    # The portal's uvicorn takes the person's address from X-Forwarded-For sent by 127.0.0.1,
    # as it would from a proxy in front (FORWARDED_ALLOW_IPS): two people, two addresses.
    limited = settings.model_copy(update={"feedback_link_attempts_per_minute": 3})
    async with portal_platform(limited, PRACTITIONER, feedback=True) as platform:
        _enquiry_id, request_id = await a_closed_enquiry_asked_for_feedback(platform)
        url = await a_link_from_the_practitioner(platform, request_id)
        async with httpx.AsyncClient() as browser:

            async def visits(address: str, times: int) -> list[int]:
                headers = {"X-Forwarded-For": address}
                return [(await browser.get(url, headers=headers)).status_code for _ in range(times)]

            first = await visits("203.0.113.7", 4)
            second = await visits("198.51.100.23", 3)

    assert first == [200, 200, 200, 429]
    assert second == [200, 200, 200]
