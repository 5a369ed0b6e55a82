"""Consent and sharing through the portal, against real intake and notifications: a request
without consent is blocked with the policy's plain reason; an override needs a lawful ground and
another manager's approval, then is sent; with consent it is shared at once; the recipient
agency sees it in its inbox."""

from __future__ import annotations

import re

import httpx
import pytest

from shared.auth import Role
from shared.settings import Settings
from tests.integration.test_portal_enquiry_record import MANAGER, PRACTITIONER, Record
from tests.portal_support import a_new_account, actor_of, csrf_token, portal_platform, sign_in
from tests.support import eventually

pytestmark = pytest.mark.integration
OFFICER = a_new_account("police-1", "police", Role.PRACTITIONER)
NURSE = a_new_account("health-1", "health", Role.PRACTITIONER)


async def submit(
    browser: httpx.AsyncClient, page: httpx.Response, action: str, data: dict[str, object]
) -> httpx.Response:
    return await browser.post(action, data={"csrftoken": csrf_token(page.text), **data})


async def test_blocked_then_overridden_with_a_managers_approval_then_shared_and_received(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER, MANAGER, OFFICER) as platform:
        record = await Record.opened(platform)
        await platform.knows("notifications", record.enquiry_id, actor_of(PRACTITIONER))
        sharing = f"/enquiries/{record.enquiry_id}/sharing"
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as browser:
            await sign_in(browser, PRACTITIONER.email)
            form = await browser.get(sharing)
            missing = await submit(browser, form, sharing, {"recipient": "police"})
            blocked = await submit(
                browser,
                form,
                sharing,
                {
                    "recipient": "police",
                    "purpose": "criminal_investigation",
                    "kinds": ["identity", "allegation"],
                },
            )
            disclosure = str(blocked.url.path)
            half_told = await submit(
                browser, blocked, f"{disclosure}/override", {"ground": "crime", "told": "no"}
            )
            asked = await submit(
                browser,
                blocked,
                f"{disclosure}/override",
                {
                    "ground": "crime",
                    "narrative": "A crime may have been committed against Sam.",
                    "told": "yes",
                    "person_told": "Told Sam face to face on Monday, with Alex.",
                },
            )
            log = await browser.get(sharing)
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as manager:
            await sign_in(manager, MANAGER.email)
            waiting = await manager.get(disclosure)
            approved = await submit(manager, waiting, f"{disclosure}/approval", {})
            shared = await submit(manager, approved, f"{disclosure}/delivery", {})
        async with httpx.AsyncClient(base_url=platform.portal) as police:
            await sign_in(police, OFFICER.email)
            inbox = await police.get("/agency-inbox")
            opened = await police.get(f"/agency-inbox/{disclosure.rsplit('/', 1)[1]}")
            not_theirs = await police.get(disclosure)

    assert missing.status_code == 400
    assert 'href="#purpose">Select what the information is for' in missing.text
    assert 'href="#kinds">Select the information to share' in missing.text
    assert re.fullmatch(r"/disclosures/[0-9a-f-]{36}", disclosure)
    assert "Blocked" in blocked.text
    assert "Nothing was shared." in blocked.text
    assert "Share without consent" in blocked.text
    assert half_told.status_code == 400
    assert "Explain why the information must be shared" in half_told.text
    assert "Say why telling the person would increase the risk" in half_told.text
    assert "Waiting for a manager&#39;s approval" in asked.text
    assert "A manager other than you must approve" in asked.text
    assert "Blocked" in log.text  # the sharing log keeps every decision
    assert "Approve sharing without consent" in waiting.text
    assert "Send it now" in approved.text
    assert "The information was sent to Police." in shared.text
    assert "Adult social care" in inbox.text
    assert "a criminal investigation" in inbox.text
    assert opened.status_code == 200
    assert not_theirs.status_code == 404  # the asking agency's page, not the recipient's


async def test_with_the_persons_consent_it_is_shared_at_once(settings: Settings) -> None:
    async with portal_platform(settings, PRACTITIONER, NURSE) as platform:
        record = await Record.opened(platform)
        await record.change(
            "/consents",
            {
                "recipient_agency_id": "health",
                "purpose": "health_treatment",
                "decision": "given",
                "decided_by": "the person",
                "capacity_to_consent": True,
                "information_kinds": ["identity", "health"],
            },
        )
        await platform.knows("notifications", record.enquiry_id, actor_of(PRACTITIONER))
        sharing = f"/enquiries/{record.enquiry_id}/sharing"
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as browser:
            await sign_in(browser, PRACTITIONER.email)
            answers: list[httpx.Response] = []

            async def shared() -> bool:
                # Until notifications has the consent from intake's events: asking before
                # that is blocked (and recorded as such), which is the policy working.
                form = await browser.get(sharing)
                answers.append(
                    await submit(
                        browser,
                        form,
                        sharing,
                        {
                            "recipient": "health",
                            "purpose": "health_treatment",
                            "kinds": ["identity", "health"],
                        },
                    )
                )
                return "The information was sent to Health." in answers[-1].text

            await eventually(shared, what="shared with consent")
            page = await browser.get(sharing)

    assert "Given" in page.text
    assert "Health, for their health care" in page.text
    assert "Shared" in page.text
