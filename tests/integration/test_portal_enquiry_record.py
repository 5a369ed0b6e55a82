"""The enquiry page from intake's record, over real HTTP: how to communicate with the person
first (their words exactly as said), risks, the section 42 decision, capacity and advocacy (an
ICA shown as required until one is appointed), consent decisions and the timeline."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from shared.auth import Role
from shared.settings import Settings
from tests.portal_support import (
    PortalPlatform,
    a_new_account,
    actor_of,
    as_shown,
    portal_platform,
    sign_in,
)

pytestmark = pytest.mark.integration
PRACTITIONER = a_new_account("asc-1", "adult-social-care", Role.PRACTITIONER)
MANAGER = a_new_account("asc-manager-1", "adult-social-care", Role.MANAGER)
WORDS = "Please don't send me letters — I'll meet you face to face, with my sister."
CONCERN = {
    "referrer": {"name": "Support worker", "role": "Supported living staff"},
    "raised_at": "2026-11-02T10:15:00+00:00",
    "what_happened": "Sam told staff her boyfriend made her do things she didn't want to.",
    "person": {"name": "Sam", "date_of_birth": "2001-05-09"},
}


class Record:
    """An enquiry built through intake's API, as colleagues would, keeping its version."""

    def __init__(self, platform: PortalPlatform, enquiry_id: uuid.UUID) -> None:
        self.platform = platform
        self.enquiry_id = enquiry_id
        self.version = 0

    @classmethod
    async def opened(cls, platform: PortalPlatform) -> Record:
        record = cls(platform, uuid.uuid4())
        answer = await platform.call(
            "intake",
            actor_of(PRACTITIONER),
            "POST",
            "/enquiries",
            {"enquiry_id": str(record.enquiry_id), "concern": CONCERN},
        )
        record.version = answer["version"]
        return record

    async def change(
        self, path: str, body: dict[str, Any], *, by: Any = PRACTITIONER, method: str = "POST"
    ) -> None:
        answer = await self.platform.call(
            "intake",
            actor_of(by),
            method,
            f"/enquiries/{self.enquiry_id}{path}",
            {"expected_version": self.version, **body},
        )
        self.version = answer["version"]


async def page_of(platform: PortalPlatform, path: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=platform.portal) as browser:
        await sign_in(browser, PRACTITIONER.email)
        return await browser.get(path)


async def test_the_banner_says_how_to_communicate_in_the_persons_own_words(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        await record.change(
            "/communication-preferences",
            {
                "preferences": {
                    "contact_allowed": ["face to face"],
                    "contact_refused": ["letter"],
                    "in_their_words": WORDS,
                    "who_to_involve": "my sister",
                    "easy_read": True,
                }
            },
            method="PUT",
        )
        page = await page_of(platform, f"/enquiries/{record.enquiry_id}")

    assert page.status_code == 200
    banner = page.text.split('id="communication-title"')[1].split("</figure>")[0]
    assert "How to communicate with Sam" in page.text
    assert "No letters — meet face to face" in banner
    assert f"&ldquo;{as_shown(WORDS)}&rdquo;" in banner  # exactly as said, in quotation marks
    assert "Who to involve: &ldquo;my sister&rdquo;" in page.text
    assert "Use easy read" in page.text
    # The banner comes before the rest of the record.
    assert page.text.index("communication-title") < page.text.index('id="risks"')


async def test_without_preferences_the_banner_says_to_ask(settings: Settings) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        page = await page_of(platform, f"/enquiries/{record.enquiry_id}")

    assert "Not recorded yet. Ask the person how they want to be contacted" in page.text


async def test_risks_section_42_capacity_advocacy_consent_and_timeline(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER, MANAGER) as platform:
        record = await Record.opened(platform)
        await record.change(
            "/risks",
            {
                "risk_type": "Sexual Exploitation",
                "location": "In the Community (excluding community services)",
                "source": "Other - Known to individual",
            },
        )
        await record.change(
            "/section-42-decision",
            {
                "needs_care_and_support": {"met": True, "reason": "Learning disability."},
                "experiencing_or_at_risk_of_abuse": {"met": True, "reason": "Exploitation."},
                "unable_to_protect_themselves": {"met": True, "reason": "Coercion."},
                "result": "Section 42 enquiry",
            },
            by=MANAGER,
        )
        await record.change(
            "/capacity-assessments",
            {
                "decision": "Where to live",
                "outcome": "Yes, they lacked capacity",
                "assessor": "asc-1",
                "assessed_on": "2026-11-03",
            },
        )
        need_id = str(uuid.uuid4())
        await record.change(
            "/advocacy/needs",
            {
                "need_id": need_id,
                "substantial_difficulty": True,
                "appropriate_person_available": False,
                "family_or_friend_to_consult": False,
            },
        )
        await record.change(
            "/consents",
            {
                "recipient_agency_id": "police",
                "purpose": "criminal_investigation",
                "decision": "refused",
                "decided_by": "the person",
                "capacity_to_consent": True,
            },
        )
        before = await page_of(platform, f"/enquiries/{record.enquiry_id}")
        await record.change(
            f"/advocacy/needs/{need_id}/appointment",
            {
                "advocate": {
                    "kind": "independent capacity advocate",
                    "name": "Jo Advocate",
                    "organisation": "Island Advocacy",
                }
            },
        )
        after = await page_of(platform, f"/enquiries/{record.enquiry_id}")

    assert before.status_code == 200
    assert "Sexual Exploitation" in before.text
    assert "Section 42 enquiry" in before.text
    assert "Yes: Learning disability." in before.text
    assert "Where to live" in before.text
    assert "Yes, they lacked capacity" in before.text
    assert "An independent capacity advocate (ICA) is required" in before.text
    assert "Police" in before.text
    assert "Refused" in before.text
    assert "Enquiry opened" in before.text
    assert "Consent decision recorded" in before.text
    assert "An independent capacity advocate (ICA) is required" not in after.text
    assert "Jo Advocate" in after.text


async def test_another_agencys_user_gets_page_not_found_on_every_enquiry_page(
    settings: Settings,
) -> None:
    police = a_new_account("police-1", "police", Role.PRACTITIONER)
    async with portal_platform(settings, PRACTITIONER, police) as platform:
        record = await Record.opened(platform)
        async with httpx.AsyncClient(base_url=platform.portal) as browser:
            await sign_in(browser, police.email)
            answers = [
                await browser.get(f"/enquiries/{record.enquiry_id}{part}")
                for part in ("", "/outcomes", "/sharing", "/easy-read")
            ]

    assert [answer.status_code for answer in answers] == [404] * 4
    assert all("Sam" not in answer.text for answer in answers)
