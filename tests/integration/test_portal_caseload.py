"""The caseload and enquiry pages read intake over real HTTP with the signed-in user's token."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from services.intake.app import DEFINITION as INTAKE
from shared.auth import Role
from shared.embedded_redis import free_port
from shared.settings import Settings
from tests.portal_support import a_new_account, add_accounts, migrate_portal, portal_served, sign_in
from tests.support import an_actor, bearer, served

pytestmark = pytest.mark.integration
PRACTITIONER = a_new_account("asc-1", "adult-social-care", Role.PRACTITIONER)
POLICE = a_new_account("police-1", "police", Role.PRACTITIONER)
ANALYST = a_new_account("analyst-1", "safeguarding-board", Role.BOARD_ANALYST)


async def open_enquiry(intake_url: str, settings: Settings, agency: str, user: str) -> uuid.UUID:
    enquiry_id = uuid.uuid4()
    async with httpx.AsyncClient(base_url=intake_url) as client:
        response = await client.post(
            "/enquiries",
            json={"enquiry_id": str(enquiry_id)},
            headers=bearer(settings, an_actor(agency=agency, user=user)),
        )
    response.raise_for_status()
    return enquiry_id


@asynccontextmanager
async def platform(settings: Settings) -> AsyncIterator[tuple[str, str, Settings]]:
    """Intake and the portal, the portal pointed at intake: (intake URL, portal URL, settings)."""
    async with served(INTAKE, settings) as (intake_url, _runtime):
        # Outcomes not running: the caseload shows without its due flags, and says so.
        nowhere = f"http://127.0.0.1:{free_port()}"
        portal_settings = settings.model_copy(
            update={"service_urls": {"intake": intake_url, "outcomes": nowhere}}
        )
        await migrate_portal(portal_settings)
        await add_accounts(portal_settings, PRACTITIONER, POLICE, ANALYST)
        async with portal_served(portal_settings) as portal_url:
            yield intake_url, portal_url, portal_settings


async def test_the_caseload_shows_only_the_enquiries_of_the_users_agency(
    settings: Settings,
) -> None:
    async with platform(settings) as (intake_url, portal_url, _):
        mine = await open_enquiry(intake_url, settings, "adult-social-care", "asc-1")
        colleagues = await open_enquiry(intake_url, settings, "adult-social-care", "asc-2")
        police = await open_enquiry(intake_url, settings, "police", "police-1")
        async with httpx.AsyncClient(base_url=portal_url, follow_redirects=True) as browser:
            caseload = await sign_in(browser, PRACTITIONER.email)

    assert caseload.status_code == 200
    assert f"/enquiries/{mine}" in caseload.text
    assert f"/enquiries/{colleagues}" in caseload.text
    assert f"/enquiries/{police}" not in caseload.text
    assert ">You<" in caseload.text  # the lead of the user's own enquiry
    assert "Due dates cannot be shown just now" in caseload.text


async def test_an_enquiry_of_the_users_agency_opens(settings: Settings) -> None:
    async with platform(settings) as (intake_url, portal_url, _):
        enquiry_id = await open_enquiry(intake_url, settings, "adult-social-care", "asc-1")
        async with httpx.AsyncClient(base_url=portal_url) as browser:
            await sign_in(browser, PRACTITIONER.email)
            page = await browser.get(f"/enquiries/{enquiry_id}")

    assert page.status_code == 200
    assert str(enquiry_id) in page.text
    assert "Adult social care" in page.text


async def test_another_agencys_enquiry_is_not_found_like_one_that_does_not_exist(
    settings: Settings,
) -> None:
    async with platform(settings) as (intake_url, portal_url, _):
        asc_enquiry = await open_enquiry(intake_url, settings, "adult-social-care", "asc-1")
        async with httpx.AsyncClient(base_url=portal_url) as browser:
            await sign_in(browser, POLICE.email)
            other_agency = await browser.get(f"/enquiries/{asc_enquiry}")
            missing = await browser.get(f"/enquiries/{uuid.uuid4()}")
            malformed = await browser.get("/enquiries/not-an-id")

    assert [other_agency.status_code, missing.status_code, malformed.status_code] == [404] * 3
    assert "Page not found" in other_agency.text
    assert str(asc_enquiry) not in other_agency.text


async def test_a_board_analyst_has_no_caseload(settings: Settings) -> None:
    async with (
        platform(settings) as (_, portal_url, _settings),
        httpx.AsyncClient(base_url=portal_url) as browser,
    ):
        signed_in = await sign_in(browser, ANALYST.email)
        caseload = await browser.get("/caseload")

    assert signed_in.headers["location"] == "/reports/board"  # their page, not the caseload
    assert caseload.status_code == 403
    assert "You cannot see this page" in caseload.text


async def test_when_intake_does_not_answer_the_caseload_says_so_without_an_error(
    settings: Settings,
) -> None:
    nowhere = settings.model_copy(
        update={"service_urls": {"intake": f"http://127.0.0.1:{free_port()}"}}
    )
    await migrate_portal(nowhere)
    await add_accounts(nowhere, PRACTITIONER)
    async with (
        portal_served(nowhere) as portal_url,
        httpx.AsyncClient(base_url=portal_url) as browser,
    ):
        await sign_in(browser, PRACTITIONER.email)
        caseload = await browser.get("/caseload")

    assert caseload.status_code == 503
    assert "Sorry, the service is unavailable" in caseload.text
