"""The board report page reads feedback's report over real HTTP with the signed-in user's token."""

from __future__ import annotations

import httpx
import pytest

from services.feedback.app import DEFINITION as FEEDBACK
from shared.auth import Role
from shared.settings import Settings
from tests.board_report_support import open_enquiries
from tests.portal_support import (
    a_new_account,
    add_accounts,
    migrate_portal,
    portal_served,
    sign_in,
)
from tests.support import served

pytestmark = pytest.mark.integration
ANALYST = a_new_account("analyst-1", "safeguarding-board", Role.BOARD_ANALYST)
MANAGER = a_new_account("police-manager-1", "police", Role.MANAGER)
PRACTITIONER = a_new_account("police-1", "police", Role.PRACTITIONER)
QUARTER = "from=2026-04-01&to=2026-06-30"


async def test_the_board_report_page_shows_tables_charts_and_a_csv_to_whom_it_may(
    settings: Settings,
) -> None:
    async with served(FEEDBACK, settings) as (feedback_url, feedback):
        await open_enquiries(feedback, police=6, health=1)
        portal_settings = settings.model_copy(update={"service_urls": {"feedback": feedback_url}})
        await migrate_portal(portal_settings)
        await add_accounts(portal_settings, ANALYST, MANAGER, PRACTITIONER)
        async with portal_served(portal_settings) as portal_url:
            async with httpx.AsyncClient(base_url=portal_url) as browser:
                landed = await sign_in(browser, ANALYST.email)
                exact = await browser.get(f"/reports/board?{QUARTER}&mode=exact")
                published = await browser.get(f"/reports/board?{QUARTER}")
                download = await browser.get(f"/reports/board.csv?{QUARTER}&mode=exact")
                bad_date = await browser.get("/reports/board?from=2026-13-01&to=2026-06-30")
            async with httpx.AsyncClient(base_url=portal_url) as browser:
                await sign_in(browser, MANAGER.email)
                own = await browser.get(f"/reports/board?{QUARTER}&mode=exact")
                other = await browser.get(f"/reports/board?{QUARTER}&agency=health")
            async with httpx.AsyncClient(base_url=portal_url) as browser:
                await sign_in(browser, PRACTITIONER.email)
                practitioner = await browser.get(f"/reports/board?{QUARTER}")

    assert landed.headers["location"] == "/reports/board"
    assert exact.status_code == 200
    page = exact.text
    assert "Enquiries by lead agency" in page
    assert '<th scope="row" class="govuk-table__header">police</th>' in page
    assert page.count('role="img"') == 11  # one chart per charted table
    assert '<title id="chart-risk_types-title">' in page
    assert 'href="/reports/board.csv?from=2026-04-01&amp;to=2026-06-30&amp;mode=exact"' in page
    assert "[c]" in published.text
    assert download.headers["content-type"].startswith("text/csv")
    assert "Enquiries by lead agency,police,Opened,6" in download.text.splitlines()
    assert bad_date.status_code == 400
    assert "There is a problem" in bad_date.text
    assert 'href="#from"' in bad_date.text
    assert own.status_code == 200
    assert "police" in own.text
    assert "health" not in own.text.split("Enquiries by lead agency", 1)[1]
    assert other.status_code == 400
    assert "A manager sees the report for their own agency only." in other.text
    assert practitioner.status_code == 403
