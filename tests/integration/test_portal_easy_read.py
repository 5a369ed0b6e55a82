"""The person's easy-read page: "What you told us you want to happen", their words exactly as
said, a picture with words for each part, who is doing what by when, and printable."""

from __future__ import annotations

import re

import pytest

from shared.settings import Settings
from tests.integration.test_portal_enquiry_record import PRACTITIONER, Record, page_of
from tests.integration.test_portal_outcomes import NEW_WORDS, outcomes_of
from tests.portal_support import as_shown, portal_platform

pytestmark = pytest.mark.integration


async def test_their_words_with_pictures_and_who_does_what_by_when(settings: Settings) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        await outcomes_of(platform, record)
        page = await page_of(platform, f"/enquiries/{record.enquiry_id}/easy-read")
        css = await page_of(platform, "/assets/portal.css")

    assert page.status_code == 200
    assert '<h1 class="govuk-heading-xl">What you told us you want to happen</h1>' in page.text
    assert f"&ldquo;{as_shown(NEW_WORDS)}&rdquo;" in page.text
    assert "Adult social care will: Travel training to college." in page.text
    pictures = re.findall(
        r'<svg class="portal-picture"[^>]*role="img" aria-label="([^"]+)"', page.text
    )
    assert "Something you want" in pictures
    assert "Who will help" in pictures
    assert "@media print" in css.text


async def test_before_anything_is_written_down_it_says_so_plainly(settings: Settings) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        page = await page_of(platform, f"/enquiries/{record.enquiry_id}/easy-read")

    assert "We have not written down what you want yet. We will ask you." in page.text
