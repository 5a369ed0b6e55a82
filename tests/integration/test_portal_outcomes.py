"""The person's outcomes in their words (outcomes' board and history: what changed, why and
when), reviews and actions; the caseload's due-soon flags and its filters. Real services over
HTTP; outcomes learns of the enquiry from intake's events through Redis."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
import pytest

from shared.auth import Role
from shared.settings import Settings
from tests.integration.test_portal_enquiry_record import PRACTITIONER, Record, page_of
from tests.portal_support import (
    PortalPlatform,
    a_new_account,
    actor_of,
    as_shown,
    portal_platform,
    sign_in,
)

pytestmark = pytest.mark.integration
COLLEAGUE = a_new_account("asc-2", "adult-social-care", Role.PRACTITIONER)
FIRST_WORDS = "I want to feel safe when I go out."
NEW_WORDS = "I want to go to college on my own and feel safe."


async def outcomes_of(platform: PortalPlatform, record: Record) -> tuple[str, str]:
    """Sam's outcome recorded, revised with a reason, and an action due today: (outcome, action)."""
    actor = actor_of(PRACTITIONER)
    await platform.knows("outcomes", record.enquiry_id, actor)
    base = f"/enquiries/{record.enquiry_id}"
    board = await platform.call("outcomes", actor, "GET", f"{base}/outcomes")
    recorded = await platform.call(
        "outcomes",
        actor,
        "POST",
        f"{base}/outcomes",
        {
            "expected_version": board["version"],
            "words": FIRST_WORDS,
            "expressed_by": "person",
            "rank": 1,
        },
    )
    outcome_id = recorded["id"]
    revised = await platform.call(
        "outcomes",
        actor,
        "POST",
        f"{base}/outcomes/{outcome_id}/revisions",
        {
            "expected_version": recorded["version"],
            "words": NEW_WORDS,
            "reason": "Sam starts college in January.",
            "agreed_by": "Sam and her advocate",
        },
    )
    action = await platform.call(
        "outcomes",
        actor,
        "POST",
        f"{base}/actions",
        {
            "expected_version": revised["version"],
            "outcome_id": outcome_id,
            "what": "Travel training to college",
            "owner": "agency",
            "owner_agency_id": "adult-social-care",
            "due_on": datetime.now(UTC).date().isoformat(),
            "report_back": "Alex tells Sam face to face",
        },
    )
    return outcome_id, action["id"]


async def test_the_outcomes_page_shows_their_words_what_changed_why_and_the_actions(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        await outcomes_of(platform, record)
        page = await page_of(platform, f"/enquiries/{record.enquiry_id}/outcomes")

    assert page.status_code == 200
    assert "What Sam wants to happen" in page.text
    assert f"&ldquo;{as_shown(NEW_WORDS)}&rdquo;" in page.text
    assert f"first said as &ldquo;{as_shown(FIRST_WORDS)}&rdquo;" in page.text
    assert "Outcome changed" in page.text
    assert "Why: Sam starts college in January." in page.text
    assert "Travel training to college" in page.text
    assert "Alex tells Sam face to face" in page.text


async def test_before_any_outcome_the_page_says_to_ask_the_person(settings: Settings) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        page = await page_of(platform, f"/enquiries/{record.enquiry_id}/outcomes")

    assert page.status_code == 200
    assert "No outcomes recorded yet. Ask Sam what they want to happen" in page.text


async def test_the_caseload_flags_what_is_due_and_filters_by_status_lead_and_risk_type(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER, COLLEAGUE) as platform:
        due = await Record.opened(platform)
        await outcomes_of(platform, due)
        await due.change(
            "/risks",
            {
                "risk_type": "Sexual Exploitation",
                "location": "Own Home",
                "source": "Other - Known to individual",
            },
        )
        quiet = await Record.opened(platform)
        colleagues = uuid.uuid4()
        await platform.call(
            "intake",
            actor_of(COLLEAGUE),
            "POST",
            "/enquiries",
            {"enquiry_id": str(colleagues)},
        )
        async with httpx.AsyncClient(base_url=platform.portal) as browser:
            await sign_in(browser, PRACTITIONER.email)
            everything = await browser.get("/caseload")
            mine = await browser.get("/caseload", params={"lead": "me"})
            exploited = await browser.get("/caseload", params={"risk_type": "Sexual Exploitation"})
            closed = await browser.get("/caseload", params={"status": "closed"})
            nonsense = await browser.get("/caseload", params={"status": "<b>", "lead": "x"})

    row_of_due = everything.text.split(f"/enquiries/{due.enquiry_id}")[1].split("</tr>")[0]
    row_of_quiet = everything.text.split(f"/enquiries/{quiet.enquiry_id}")[1].split("</tr>")[0]
    assert "Due soon" in row_of_due
    assert "Due soon" not in row_of_quiet
    assert "Overdue" not in row_of_quiet
    assert str(colleagues) in everything.text
    assert str(colleagues) not in mine.text
    assert str(due.enquiry_id) in mine.text
    assert str(due.enquiry_id) in exploited.text
    assert str(quiet.enquiry_id) not in exploited.text
    assert "No enquiries match these filters." in closed.text
    assert nonsense.status_code == 200
    assert str(colleagues) in nonsense.text
