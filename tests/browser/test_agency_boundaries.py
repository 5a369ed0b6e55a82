"""A user of another agency cannot reach an enquiry, by link or by typing its address."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from shared.demo import DEMO_ENQUIRIES
from tests.browser.people import sign_in_as

pytestmark = pytest.mark.browser
SAM = next(demo for demo in DEMO_ENQUIRIES if demo.key == "case-study-2-sam")
# The caseload's link to Sam's enquiry: her name and the short reference.
SAMS_LINK = f"Sam ({str(SAM.enquiry_id)[:8].upper()})"


def test_the_lead_agency_opens_the_enquiry_from_its_caseload(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")

    page.get_by_role("link", name=SAMS_LINK).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enquiry about Sam")
    expect(page.get_by_text(str(SAM.enquiry_id))).to_be_visible()


def test_a_police_officer_cannot_reach_an_adult_social_care_enquiry(page: Page) -> None:
    sign_in_as(page, "police-officer")

    expect(page.get_by_role("link", name=SAMS_LINK)).to_have_count(0)
    response = page.goto(f"/enquiries/{SAM.enquiry_id}")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text(str(SAM.enquiry_id))).to_have_count(0)
