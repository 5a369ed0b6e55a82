"""Feedback on a closed enquiry through the portal (the request, answers from a conversation in
their words, the single-use link shown once) and the managers' access log (every view of the
record across the services, every sharing decision; managers of the lead agency only). Real
services; the closure is intake's fact appended to its store, as the feedback tests do (closing
through intake's API needs the whole enquiry recorded first)."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from shared.auth import Role
from shared.settings import Settings
from tests.integration.feedback_support import close_an_enquiry
from tests.integration.test_portal_enquiry_record import MANAGER, PRACTITIONER, Record
from tests.portal_support import (
    PortalPlatform,
    a_new_account,
    actor_of,
    as_shown,
    csrf_token,
    portal_platform,
    sign_in,
)
from tests.support import bearer, eventually

pytestmark = pytest.mark.integration
POLICE_MANAGER = a_new_account("police-manager-1", "police", Role.MANAGER)
WORDS = "Someone should've rung me back — I waited “weeks”. 😞"


async def the_request(platform: PortalPlatform, enquiry_id: uuid.UUID) -> str:
    found: list[str] = []

    async def requested() -> bool:
        listing = await platform.call(
            "feedback",
            actor_of(PRACTITIONER),
            "GET",
            f"/feedback-requests?enquiry_id={enquiry_id}",
        )
        found[:] = [item["request_id"] for item in listing["items"]]
        return bool(found)

    await eventually(requested, what="feedback asked for on closure")
    return found[0]


async def a_closed_enquiry_asked_for_feedback(platform: PortalPlatform) -> tuple[uuid.UUID, str]:
    """An enquiry opened, known to outcomes, closed by the practitioner; feedback's request."""
    record = await Record.opened(platform)
    actor = actor_of(PRACTITIONER)
    await platform.knows("outcomes", record.enquiry_id, actor)
    await close_an_enquiry(
        platform.runtimes["intake"],
        enquiry_id=record.enquiry_id,
        lead=actor,
        opened=True,
        version=record.version,
    )
    return record.enquiry_id, await the_request(platform, record.enquiry_id)


async def test_feedback_is_recorded_in_their_words_and_managers_see_who_viewed_what(
    settings: Settings,
) -> None:
    async with portal_platform(
        settings, PRACTITIONER, MANAGER, POLICE_MANAGER, feedback=True
    ) as platform:
        record = await Record.opened(platform)
        actor = actor_of(PRACTITIONER)
        await platform.knows("notifications", record.enquiry_id, actor)
        async with httpx.AsyncClient(base_url=platform.urls["notifications"]) as client:
            blocked = await client.post(  # no consent: blocked (403), a decision in the log
                f"/enquiries/{record.enquiry_id}/disclosures",
                json={
                    "recipient_agency_id": "police",
                    "purpose": "criminal_investigation",
                    "kinds": ["identity"],
                },
                headers=bearer(platform.settings, actor),
            )
        assert blocked.json()["stage"] == "blocked"
        await platform.knows("outcomes", record.enquiry_id, actor)
        await close_an_enquiry(
            platform.runtimes["intake"],
            enquiry_id=record.enquiry_id,
            lead=actor,
            opened=True,
            version=record.version,
        )
        request_id = await the_request(platform, record.enquiry_id)
        base = f"/feedback-requests/{request_id}"

        async with httpx.AsyncClient(base_url=platform.portal) as browser:
            await sign_in(browser, PRACTITIONER.email)
            listed = await browser.get(f"/enquiries/{record.enquiry_id}/feedback")
            page = await browser.get(base)
            linked = await browser.post(
                f"{base}/links", data={"csrftoken": csrf_token(page.text), "respondent": "person"}
            )
            again = await browser.get(base)
            no_one = await browser.post(
                f"{base}/refusal", data={"csrftoken": csrf_token(page.text)}
            )
            form = await browser.get(f"{base}/answers", params={"respondent": "person"})
            answers = {
                "csrftoken": csrf_token(form.text),
                "respondent": "person",
                "listened_to": "no",
                "satisfaction": "2",
                "what_would_have_made_it_better": WORDS,
            }
            nothing = await browser.post(
                f"{base}/answers", data={"csrftoken": answers["csrftoken"], "respondent": "person"}
            )
            no_reason = await browser.post(f"{base}/answers", data=answers)
            recorded = await browser.post(
                f"{base}/answers", data={**answers, "why_the_lead_asked": "No one else knows her."}
            )
            shown = await browser.get(base)
            not_a_manager = await browser.get(f"/enquiries/{record.enquiry_id}/access-log")
        async with httpx.AsyncClient(base_url=platform.portal) as browser:
            await sign_in(browser, MANAGER.email)
            log = await browser.get(f"/enquiries/{record.enquiry_id}/access-log")
        async with httpx.AsyncClient(base_url=platform.portal) as browser:
            await sign_in(browser, POLICE_MANAGER.email)
            other_agency = await browser.get(f"/enquiries/{record.enquiry_id}/access-log")

    assert "Waiting for their answers" in listed.text
    assert linked.status_code == 200
    token = linked.text.split('<code class="portal-link-code">')[1].split("</code>")[0]
    assert len(token) >= 40
    assert token not in again.text  # shown once
    assert no_one.status_code == 400
    assert "Select who does not want to give feedback" in no_one.text
    assert "Were you asked what you wanted to happen?" in form.text
    assert nothing.status_code == 400
    assert "Record the answer to at least one question" in nothing.text
    assert no_reason.status_code == 400  # the lead asked: feedback wants to know why
    assert 'href="#why_the_lead_asked"' in no_reason.text
    assert f"{as_shown(WORDS)}</textarea>" in no_reason.text
    assert recorded.status_code == 303, recorded.text
    assert f"&ldquo;{as_shown(WORDS)}&rdquo;" in shown.text
    assert "Answered" in shown.text

    assert not_a_manager.status_code == 403
    assert other_agency.status_code == 404
    assert log.status_code == 200
    seen = ("The enquiry record", "The person&#39;s outcomes", "The person&#39;s feedback")
    for what in (*seen, "Blocked", "Test practitioner"):
        assert what in log.text, what
    assert as_shown(WORDS) not in log.text


async def test_whom_to_ask_and_how_is_set_on_the_request_page_with_errors_beside_the_fields(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER, feedback=True) as platform:
        _, request_id = await a_closed_enquiry_asked_for_feedback(platform)
        path = f"/feedback-requests/{request_id}"
        async with httpx.AsyncClient(base_url=platform.portal) as http:
            await sign_in(http, PRACTITIONER.email)
            page = await http.get(path)
            token = csrf_token(page.text)
            forged = await http.post(f"{path}/how-to-ask", data={"addressee": "both"})
            wrong = await http.post(
                f"{path}/how-to-ask",
                data={"csrftoken": token, "way_to_ask": "phone", "easy_read": "yes"},
            )
            saved = await http.post(
                f"{path}/how-to-ask",
                data={
                    "csrftoken": token,
                    "addressee": "person",
                    "way_to_ask": "face_to_face",
                    "easy_read": "yes",
                },
            )
            after = await http.get(path)
        stored = await platform.call("feedback", actor_of(PRACTITIONER), "GET", path)

    assert "Whom to ask and how" in page.text
    assert forged.status_code == 403
    assert wrong.status_code == 400
    assert 'href="#addressee"' in wrong.text  # the error summary links to the field
    assert 'id="addressee-error"' in wrong.text  # and the message is beside it
    assert "Select who to ask for feedback" in wrong.text
    # Nothing chosen is lost: the way to ask and easy-read come back selected.
    assert re.search(r'value="phone"[^>]*checked', wrong.text)
    assert re.search(r'name="easy_read"[^>]*value="yes"[^>]*checked', wrong.text)
    assert saved.status_code == 303
    assert saved.headers["location"] == path
    assert (stored["addressee"], stored["way_to_ask"], stored["easy_read"]) == (
        "person",
        "face_to_face",
        True,
    )
    assert "Face to face; easy-read questions with pictures" in as_shown(after.text)
