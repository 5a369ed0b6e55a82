"""The enquiry page's forms, over real HTTP against real intake: each records through intake's
API with the user's token; a mistake comes back beside its field with the summary, keeps what
was typed and records nothing; a stale page records nothing; the section 42 decision is for
managers; closure shows what blocks it and is signed off by a manager other than the lead."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from shared.settings import Settings
from tests.integration.test_portal_enquiry_record import MANAGER, PRACTITIONER, Record
from tests.portal_support import (
    PortalPlatform,
    actor_of,
    as_shown,
    csrf_token,
    portal_platform,
    sign_in,
)

pytestmark = pytest.mark.integration
DECLINED = "The person declined further involvement"
WORDS = "Please don't send me letters, my reading isn't all that.  \"Text me.\""


async def send(browser: httpx.AsyncClient, path: str, data: dict[str, Any]) -> httpx.Response:
    """Open the form, then send it with its hidden fields (CSRF, version, id) and `data`."""
    form = await browser.get(path)
    assert form.status_code == 200, form.text
    hidden = {
        name: value
        for name, value in _hidden_fields(form.text)
        if name in {"expected_version", "record_id"}
    }
    return await browser.post(path, data={"csrftoken": csrf_token(form.text), **hidden, **data})


def _hidden_fields(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', html)


async def detail(platform: PortalPlatform, record: Record) -> dict[str, Any]:
    body: dict[str, Any] = await platform.call(
        "intake", actor_of(PRACTITIONER), "GET", f"/enquiries/{record.enquiry_id}"
    )
    return body


async def test_a_practitioner_records_preferences_risks_capacity_advocacy_and_consent(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER) as platform:
        record = await Record.opened(platform)
        base = f"/enquiries/{record.enquiry_id}/record"
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as browser:
            await sign_in(browser, PRACTITIONER.email)
            both = await send(
                browser,
                f"{base}/communication-preferences",
                {
                    "in_their_words": WORDS,
                    "contact_allowed": ["letter"],
                    "contact_refused": ["letter"],
                },
            )
            unchanged = await detail(platform, record)
            preferences = await send(
                browser,
                f"{base}/communication-preferences",
                {
                    "in_their_words": WORDS,
                    "contact_allowed": ["face to face", "text"],
                    "contact_refused": ["letter"],
                    "who_to_involve": "my support worker",
                    "support": ["pictures"],
                },
            )
            no_type = await send(browser, f"{base}/risk", {"location": "Own Home"})
            risk = await send(
                browser,
                f"{base}/risk",
                {
                    "risk_type": "Sexual Abuse",
                    "location": "Own Home",
                    "source": "Other - Known to individual",
                },
            )
            risk_id = (await detail(platform, record))["risks"][0]["risk_id"]
            no_outcome = await send(
                browser,
                f"{base}/risk-conclusion/{risk_id}",
                {"assessment_outcome": "Risk identified and action taken"},
            )
            await send(
                browser,
                f"{base}/risk-conclusion/{risk_id}",
                {
                    "assessment_outcome": "Risk identified and action taken",
                    "risk_outcome": "Risk removed",
                },
            )
            future = await send(
                browser,
                f"{base}/capacity",
                {
                    "decision": "Decisions about her relationship",
                    "outcome": "No, they did not lack capacity",
                    "assessor": "Alex Morgan",
                    "assessed_day": "1",
                    "assessed_month": "1",
                    "assessed_year": "2999",
                    "fluctuates": "no",
                },
            )
            await send(
                browser,
                f"{base}/capacity",
                {
                    "decision": "Decisions about her relationship",
                    "outcome": "No, they did not lack capacity",
                    "assessor": "Alex Morgan",
                    "assessed_day": "3",
                    "assessed_month": "11",
                    "assessed_year": "2026",
                    "fluctuates": "no",
                },
            )
            await send(
                browser,
                f"{base}/advocacy-need",
                {
                    "substantial_difficulty": "yes",
                    "appropriate_person_available": "no",
                    "family_or_friend_to_consult": "no",
                },
            )
            need_id = (await detail(platform, record))["advocacy"][0]["need_id"]
            await send(
                browser,
                f"{base}/advocate/{need_id}",
                {"kind": "independent advocate", "advocate_name": "Jo Advocate"},
            )
            refused_kinds = await send(
                browser,
                f"{base}/consent",
                {
                    "recipient": "police",
                    "purpose": "criminal_investigation",
                    "decision": "refused",
                    "decided_by": "the person",
                    "capacity": "yes",
                    "kinds": ["identity"],
                },
            )
            await send(
                browser,
                f"{base}/consent",
                {
                    "recipient": "health",
                    "purpose": "health_treatment",
                    "decision": "given",
                    "decided_by": "the person",
                    "capacity": "yes",
                    "kinds": ["identity", "health"],
                },
            )
            withdrawn = await send(
                browser,
                f"{base}/consent",
                {
                    "recipient": "health",
                    "purpose": "health_treatment",
                    "decision": "withdrawn",
                    "decided_by": "the person",
                    "reason": "I don't want them told any more.",
                },
            )
            section_42 = await browser.get(f"{base}/section-42")
        record_now = await detail(platform, record)

    assert both.status_code == 400
    assert 'href="#contact_refused">A way cannot be both wanted and refused: letter' in both.text
    assert as_shown(WORDS) in both.text  # kept as typed
    assert unchanged["version"] == record.version  # the error recorded nothing
    assert preferences.status_code == 200
    assert preferences.url.path == f"/enquiries/{record.enquiry_id}"
    assert f"&ldquo;{as_shown(WORDS)}&rdquo;" in preferences.text  # exactly, in quotation marks
    assert record_now["communication_preferences"]["in_their_words"] == WORDS
    assert no_type.status_code == 400
    assert 'href="#risk_type">Select the type of risk' in no_type.text
    assert "Sexual Abuse" in risk.text
    assert no_outcome.status_code == 400
    assert "Select what became of the risk" in no_outcome.text
    assert record_now["risks"][0]["risk_outcome"] == "Risk removed"
    assert future.status_code == 400
    assert "The date of the assessment must be today or in the past" in future.text
    assert 'href="#assessed-day"' in future.text
    assert [a["decision"] for a in record_now["capacity_assessments"]] == [
        "Decisions about her relationship"
    ]
    assert record_now["advocacy"][0]["advocate"]["name"] == "Jo Advocate"
    assert refused_kinds.status_code == 400
    assert "A refusal shares nothing" in refused_kinds.text
    assert [c["decision"] for c in record_now["consent_ledger"]] == ["given", "withdrawn"]
    assert withdrawn.status_code == 200
    assert section_42.status_code == 403  # managers only


async def test_the_lead_proposes_closure_a_manager_decides_section_42_and_signs_closure_off(
    settings: Settings,
) -> None:
    async with portal_platform(settings, PRACTITIONER, MANAGER) as platform:
        record = await Record.opened(platform)
        base = f"/enquiries/{record.enquiry_id}"
        tests = {
            "needs_care_and_support_met": "yes",
            "needs_care_and_support_reason": "Moderate learning disability.",
            "experiencing_or_at_risk_of_abuse_met": "yes",
            "experiencing_or_at_risk_of_abuse_reason": "Sexual abuse by her boyfriend.",
            "unable_to_protect_themselves_met": "no",
            "unable_to_protect_themselves_reason": "",
        }
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as lead:
            await sign_in(lead, PRACTITIONER.email)
            blocked = await lead.get(f"{base}/closure")
            no_reason = await lead.post(
                f"{base}/closure/proposal",
                data={
                    "csrftoken": csrf_token(blocked.text),
                    "expected_version": _hidden(blocked.text, "expected_version"),
                },
            )
            proposed = await lead.post(
                f"{base}/closure/proposal",
                data={
                    "csrftoken": csrf_token(blocked.text),
                    "expected_version": _hidden(blocked.text, "expected_version"),
                    "closure_reason": DECLINED,
                },
            )
        async with httpx.AsyncClient(base_url=platform.portal, follow_redirects=True) as manager:
            await sign_in(manager, MANAGER.email)
            wrong = await send(
                manager, f"{base}/record/section-42", {**tests, "result": "Section 42 enquiry"}
            )
            stale_form = await manager.get(f"{base}/closure")
            tests["unable_to_protect_themselves_met"] = "yes"
            tests["unable_to_protect_themselves_reason"] = "She cannot say no to him."
            decided = await send(
                manager, f"{base}/record/section-42", {**tests, "result": "Section 42 enquiry"}
            )
            stale = await manager.post(
                f"{base}/closure",
                data={
                    "csrftoken": csrf_token(stale_form.text),
                    "expected_version": _hidden(stale_form.text, "expected_version"),
                    "closure_reason": DECLINED,
                },
            )
            ready = await manager.get(f"{base}/closure")
            closed = await manager.post(
                f"{base}/closure",
                data={
                    "csrftoken": csrf_token(ready.text),
                    "expected_version": _hidden(ready.text, "expected_version"),
                    "closure_reason": DECLINED,
                },
            )
            enquiry = await manager.get(base)

    assert "The section 42 decision has not been made." in blocked.text
    assert "Sign off and close" not in blocked.text  # the lead proposes; a manager signs off
    assert no_reason.status_code == 400
    assert 'href="#closure_reason">Select the reason for closing the enquiry' in no_reason.text
    assert "Proposed reason" in proposed.text
    assert wrong.status_code == 400
    assert 'href="#unable_to_protect_themselves_reason">Give the reason' in wrong.text
    assert "A Section 42 enquiry needs all three tests met" in wrong.text
    assert "Yes: She cannot say no to him." in decided.text
    assert stale.status_code == 400
    assert "Someone else changed this enquiry" in stale.text
    assert "Nothing: every closure rule is met." in ready.text
    assert re.search(r'value="The person declined further involvement" checked', ready.text)
    assert closed.status_code == 200
    assert "Enquiry closed" in closed.text
    assert "Signed off by" in closed.text
    assert DECLINED in closed.text
    assert "Closure: closed" in enquiry.text
    assert "Record a risk" not in enquiry.text  # nothing to record on a closed enquiry


def _hidden(html: str, name: str) -> str:
    return dict(_hidden_fields(html))[name]
