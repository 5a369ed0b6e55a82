"""The enquiry page's forms for the later steps, over real HTTP through the portal to real intake:
advocacy offered and declined (the person's words), timescales paused and resumed, a declined
intervention with its monitoring checks and taking support up again, the lead moved, a closed
enquiry reopened. Each records through intake's API; a mistake comes back beside its field with
the summary, keeps what was typed and records nothing; intake's refusal lands beside its field;
a role that may not record gets the plain "You cannot see this page"."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from services.portal.accounts.store import NewAccount
from shared.auth import Role
from shared.settings import Settings
from tests.integration.test_portal_enquiry_record import MANAGER, PRACTITIONER, Record
from tests.integration.test_portal_recording import detail, send
from tests.portal_support import PASSWORD, a_new_account, as_shown, csrf_token, portal_platform
from tests.portal_support import sign_in as signed_in

pytestmark = pytest.mark.integration
WORDS = "I don't want anyone else  involved — \"I can speak for myself\" & that's that. "
COLLEAGUE = NewAccount(
    user_id="asc-2",
    email="asc-2@adult-social-care.example.org",
    display_name="Jordan Lee",
    agency_id="adult-social-care",
    role=Role.PRACTITIONER,
    password=PASSWORD,
)
COLLEAGUE_NEED = "5d9f0c7e-4a57-4f0e-9a51-3c0d6d1c2b11"
ANALYST = a_new_account("board-1", "board", Role.BOARD_ANALYST)
NEW_FORMS = (
    "timescales-pause",
    "timescales-resume",
    "declined-intervention",
    "take-up",
    "monitoring-check",
    "lead-transfer",
    "reopening",
)
TESTS = {
    name: {"met": True, "reason": "Yes."}
    for name in (
        "needs_care_and_support",
        "experiencing_or_at_risk_of_abuse",
        "unable_to_protect_themselves",
    )
}


def capacity(outcome: str) -> dict[str, Any]:
    return {
        "decision": "Whether to accept support",
        "outcome": outcome,
        "assessor": "Alex Morgan",
        "assessed_on": "2026-11-03",
        "fluctuates": False,
    }


async def test_advocacy_offered_and_declined_in_their_words_and_timescales_paused_and_resumed(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        await record.change(
            "/advocacy/needs",
            {
                "substantial_difficulty": True,
                "appropriate_person_available": False,
                "family_or_friend_to_consult": True,
            },
        )
        need_id = (await detail(platform, record))["advocacy"][0]["need_id"]
        base = f"/enquiries/{record.enquiry_id}/record"
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as browser:
            await signed_in(browser, PRACTITIONER.email)
            before = await browser.get(f"/enquiries/{record.enquiry_id}")
            offered = await send(browser, f"{base}/advocacy-offer/{need_id}", {})
            too_long = "x" * 10_001
            long_words = await send(
                browser, f"{base}/advocacy-declined/{need_id}", {"persons_words": too_long}
            )
            after_error = await detail(platform, record)
            declined = await send(
                browser, f"{base}/advocacy-declined/{need_id}", {"persons_words": WORDS}
            )
            no_reason = await send(browser, f"{base}/timescales-pause", {"reason": "  "})
            paused = await send(
                browser, f"{base}/timescales-pause", {"reason": "She is in hospital."}
            )
            again = await send(browser, f"{base}/timescales-pause", {"reason": "Twice."})
            resumed = await send(
                browser, f"{base}/timescales-resume", {"reason": "She is home again."}
            )
        record_now = await detail(platform, record)

    assert "Record that advocacy was offered" in before.text
    assert "Record that Sam declined an advocate" in before.text
    assert offered.status_code == 200
    assert offered.url.path == f"/enquiries/{record.enquiry_id}"
    assert "offered" in offered.text
    assert long_words.status_code == 400
    assert 'href="#persons_words">Their words must be 10,000 characters or fewer' in (
        long_words.text
    )
    assert too_long in long_words.text  # kept whole, not cut at the limit
    assert after_error["advocacy"][0]["declined_at"] is None  # the error recorded nothing
    assert declined.status_code == 200
    assert f"&ldquo;{as_shown(WORDS)}&rdquo;" in declined.text  # exactly, in quotation marks
    assert record_now["advocacy"][0]["persons_words"] == WORDS  # never trimmed
    assert no_reason.status_code == 400
    assert 'href="#reason">Enter why the timescales are paused' in no_reason.text
    assert paused.status_code == 200
    assert "The timescales are paused" in paused.text
    assert "Start the timescales again" in paused.text
    # intake's refusal, beside the field it names, with the words kept
    assert again.status_code == 400
    assert "The timescales are already paused." in again.text
    assert 'href="#reason"' in again.text
    assert ">Twice.</textarea>" in again.text
    assert resumed.status_code == 200
    assert "The timescales are running" in resumed.text
    assert record_now["timescales_are_paused"] is False
    assert [p["resume_reason"] for p in record_now["pauses"]] == ["She is home again."]


async def test_declined_support_is_monitored_checked_and_taken_up_again(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        await record.change("/capacity-assessments", capacity("Yes, they lacked capacity"))
        base = f"/enquiries/{record.enquiry_id}/record"
        answers = {
            "persons_words": WORDS,
            "next_check_day": "1",
            "next_check_month": "1",
            "next_check_year": "2099",
        }
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as browser:
            await signed_in(browser, PRACTITIONER.email)
            lacking = await send(browser, f"{base}/declined-intervention", answers)
            await record.change("/capacity-assessments", capacity("No, they did not lack capacity"))
            past = await send(
                browser,
                f"{base}/declined-intervention",
                {
                    **answers,
                    "next_check_year": "2020",
                    "raised_anyway_because": "A crime against her.",
                },
            )
            declined = await send(browser, f"{base}/declined-intervention", answers)
            monitored = await detail(platform, record)
            no_date = await send(browser, f"{base}/monitoring-check", {"note": "Visited; well."})
            checked = await send(
                browser,
                f"{base}/monitoring-check",
                {
                    "note": "Visited; well.",
                    "next_check_day": "2",
                    "next_check_month": "2",
                    "next_check_year": "2099",
                },
            )
            taken_up = await send(browser, f"{base}/take-up", {})
        record_now = await detail(platform, record)

    assert lacking.status_code == 400  # intake's rule, beside the words
    assert 'href="#persons_words">The latest assessment found the person lacked capacity' in (
        lacking.text
    )
    assert as_shown(WORDS) in lacking.text
    assert past.status_code == 400
    assert 'href="#next_check-day">The date of the next check must be after today' in past.text
    assert 'href="#person_told">Select yes if they were told it goes on anyway' in past.text
    assert "A crime against her." in past.text
    assert 'value="2020"' in past.text
    assert declined.status_code == 200
    assert "The enquiry is monitored." in declined.text
    assert f"&ldquo;{as_shown(WORDS)}&rdquo;" in declined.text
    assert "Next check: 1 January 2099." in declined.text
    assert monitored["status"] == "monitoring"
    assert monitored["monitoring"]["persons_words"] == WORDS
    assert no_date.status_code == 400
    assert 'href="#next_check-day">Enter the date of the next check' in no_date.text
    assert "Visited; well.</textarea>" in no_date.text
    assert "Checked" in checked.text
    assert "Visited; well." in checked.text
    assert taken_up.status_code == 200
    assert record_now["status"] == "open"
    assert "Record that Sam declined support" in taken_up.text  # open again: it can be


async def test_the_lead_moves_to_a_colleague_or_another_agency_and_a_closed_enquiry_reopens(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER, MANAGER, COLLEAGUE, ANALYST) as platform:
        moving = await Record.opened(platform)
        closing = await Record.opened(platform)
        await closing.change(
            "/section-42-decision", {**TESTS, "result": "Section 42 enquiry"}, by=MANAGER
        )
        base = f"/enquiries/{moving.enquiry_id}/record"
        closed_base = f"/enquiries/{closing.enquiry_id}/record"
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as browser:
            await signed_in(browser, PRACTITIONER.email)
            not_closed = await send(browser, f"{closed_base}/reopening", {"reason": "Again."})
            await closing.change(
                "/closure", {"closure_reason": "Outcomes met or the risk managed"}, by=MANAGER
            )
            closed_page = await browser.get(f"/enquiries/{closing.enquiry_id}")
            no_reason = await send(browser, f"{closed_base}/reopening", {"reason": ""})
            reopened = await send(
                browser, f"{closed_base}/reopening", {"reason": "A new concern, same neighbour."}
            )
            form = await browser.get(f"{base}/lead-transfer")
            no_colleague = await send(
                browser,
                f"{base}/lead-transfer",
                {"to_agency": "adult-social-care", "reason": "I am on leave."},
            )
            to_colleague = await send(
                browser,
                f"{base}/lead-transfer",
                {
                    "to_agency": "adult-social-care",
                    "to_practitioner": COLLEAGUE.user_id,
                    "reason": "I am on leave.",
                },
            )
            to_police = await send(
                browser,
                f"{base}/lead-transfer",
                {"to_agency": "police", "reason": "A crime may have been committed."},
            )
        async with httpx.AsyncClient(base_url=platform.portal) as analyst:
            await signed_in(analyst, ANALYST.email)
            refused = [
                await analyst.get(f"{base}/{slug}")
                for slug in (*NEW_FORMS, f"advocacy-offer/{COLLEAGUE_NEED}")
            ]
            page = await analyst.get(f"{base}/reopening")
            posted = await analyst.post(
                f"{base}/reopening", data={"csrftoken": csrf_token(page.text), "reason": "x"}
            )
        moved = await detail(platform, moving)
        reopened_now = await detail(platform, closing)

    assert not_closed.status_code == 400  # intake's refusal, beside the reason
    assert 'href="#reason">The enquiry is not closed.' in not_closed.text
    assert "Reopen the enquiry" in closed_page.text
    assert "by Test manager (Adult social care)" in closed_page.text  # a colleague, by name
    assert "Move the lead" not in closed_page.text
    assert no_reason.status_code == 400
    assert 'href="#reason">Enter why the enquiry is being reopened' in no_reason.text
    assert reopened.status_code == 200
    assert "Reopened" in reopened.text
    assert "A new concern, same neighbour." in reopened.text
    assert reopened_now["status"] == "open"
    assert "Reopen the enquiry" not in reopened.text  # only on a closed enquiry
    assert '<option value="asc-2">Jordan Lee</option>' in form.text
    assert no_colleague.status_code == 400
    assert 'href="#to_practitioner">Select the colleague who will lead' in no_colleague.text
    assert "I am on leave.</textarea>" in no_colleague.text
    assert to_colleague.status_code == 200
    assert "Jordan Lee" in to_colleague.text  # the lead, named from the portal's accounts
    assert to_police.status_code == 200
    assert "Police has been asked to take the lead" in to_police.text
    assert moved["lead_practitioner_id"] == COLLEAGUE.user_id
    assert moved["pending_transfer"]["to_agency_id"] == "police"
    assert [r.status_code for r in refused] == [403] * (len(NEW_FORMS) + 1)
    assert "You cannot see this page" in refused[0].text
    assert posted.status_code == 403


OFFICER = a_new_account("police-1", "police", Role.PRACTITIONER)


async def test_the_agency_asked_to_lead_declines_with_a_reason_or_accepts_and_leads(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER, OFFICER, ANALYST) as platform:
        record = await Record.opened(platform)
        ask = {"to_agency_id": "police", "reason": "A crime may have been committed."}
        await record.change("/lead-transfer", ask)
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as police:
            await signed_in(police, OFFICER.email)
            before = await police.get(f"/enquiries/{record.enquiry_id}")
            waiting = await police.get("/lead-transfers")
            form = await police.get(f"/lead-transfers/{record.enquiry_id}/refusal")
            no_reason = await police.post(
                f"/lead-transfers/{record.enquiry_id}/refusal",
                data={"csrftoken": csrf_token(form.text), "reason": " "},
            )
            declined = await police.post(
                f"/lead-transfers/{record.enquiry_id}/refusal",
                data={"csrftoken": csrf_token(form.text), "reason": "Not a police matter."},
            )
            record.version = (await detail(platform, record))["version"]
            await record.change("/lead-transfer", ask)
            again = await police.get("/lead-transfers")
            accepted = await police.post(
                f"/lead-transfers/{record.enquiry_id}/acceptance",
                data={"csrftoken": csrf_token(again.text)},
            )
        async with httpx.AsyncClient(base_url=platform.portal) as analyst:
            await signed_in(analyst, ANALYST.email)
            not_for_analysts = await analyst.get("/lead-transfers")

    assert before.status_code == 404  # nothing of the enquiry before it is accepted
    assert record.enquiry_id.hex[:8].upper() in waiting.text.replace("-", "").upper()
    assert "A crime may have been committed." in waiting.text
    assert "Sam" not in waiting.text  # nothing about the person
    assert no_reason.status_code == 400
    assert 'href="#reason">Enter why your agency will not lead' in no_reason.text
    assert declined.status_code == 200
    assert declined.url.path == "/lead-transfers"
    assert "No agency is waiting for your answer." in declined.text
    assert accepted.status_code == 200
    assert accepted.url.path == f"/enquiries/{record.enquiry_id}"
    assert "Enquiry about Sam" in accepted.text
    assert not_for_analysts.status_code == 403
