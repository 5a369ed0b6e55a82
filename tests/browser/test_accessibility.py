"""Every page, checked by axe-core in Chromium: no serious or critical violation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from shared.demo import DEMO_ENQUIRIES, demo_id
from tests.browser.people import sign_in_as

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}
SAM = next(demo for demo in DEMO_ENQUIRIES if demo.key == "case-study-2-sam")
JOYCE = next(demo for demo in DEMO_ENQUIRIES if demo.key == "case-study-1-joyce")
# Used by no other browser test: the advocacy forms record a need on it.
HEALTH = next(demo for demo in DEMO_ENQUIRIES if demo.key == "health-referral-1")


def start(page: Page) -> None:
    page.goto("/")


def sign_in_form(page: Page) -> None:
    page.goto("/sign-in")


def sign_in_with_errors(page: Page) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_role("button", name="Sign in").click()


def signed_out(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.get_by_role("button", name="Sign out").click()


def caseload(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto("/caseload")


def enquiry(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto(f"/enquiries/{SAM.enquiry_id}")


def outcomes(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto(f"/enquiries/{SAM.enquiry_id}/outcomes")


def easy_read(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto(f"/enquiries/{SAM.enquiry_id}/easy-read")


def sharing(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto(f"/enquiries/{SAM.enquiry_id}/sharing")


def sharing_with_errors(page: Page) -> None:
    sharing(page)
    page.get_by_role("button", name="Ask to share").click()


def disclosure_blocked(page: Page) -> None:
    # Sam consented to no criminal investigation sharing: the policy blocks it.
    sharing(page)
    page.get_by_label("Police").check()
    page.get_by_label("A criminal investigation").check()
    page.get_by_label("Identity").check()
    page.get_by_role("button", name="Ask to share").click()
    page.get_by_role("heading", name="Blocked").wait_for()


def override_with_errors(page: Page) -> None:
    disclosure_blocked(page)
    page.get_by_role("button", name="Ask a manager to approve").click()


def outcome_form_with_errors(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto(f"/enquiries/{SAM.enquiry_id}/outcomes/new")
    page.get_by_role("button", name="Record this outcome").click()


def review_form(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto(f"/enquiries/{SAM.enquiry_id}/reviews/new")


def access_log(page: Page) -> None:
    sign_in_as(page, "asc-manager")
    page.goto(f"/enquiries/{SAM.enquiry_id}/access-log")


def feedback_request(page: Page) -> None:
    # Joyce's enquiry is closed by the demo data: feedback asked for it.
    sign_in_as(page, "asc-practitioner")
    page.goto(f"/enquiries/{JOYCE.enquiry_id}/feedback")
    page.get_by_role("link", name="The person").first.click()
    page.get_by_role("heading", name="Feedback", exact=True).wait_for()


def feedback_answers_with_errors(page: Page) -> None:
    feedback_request(page)
    page.get_by_role("link", name="Record the person's answers from a conversation").click()
    page.get_by_role("button", name="Record the answers").click()


def feedback_how_to_ask_with_errors(page: Page) -> None:
    """The request's own choices come pre-selected: unselected here to see the errors."""
    feedback_request(page)
    page.locator("input[name=addressee]").evaluate_all(
        "radios => radios.forEach(r => r.checked = false)"
    )
    page.get_by_role("button", name="Save whom to ask and how").click()
    page.get_by_role("alert").wait_for()


def feedback_link(page: Page) -> None:
    """The person's questions (no sign-in), through a link made for Joyce: made, not used."""
    feedback_request(page)
    page.get_by_role("group", name="Who is the link for?").get_by_label("The person").check()
    page.get_by_role("button", name="Make a link").click()
    url = page.locator(".portal-link-url").inner_text()
    page.get_by_role("button", name="Sign out").click()
    page.goto(url)


def feedback_link_with_errors(page: Page) -> None:
    feedback_link(page)
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("alert").wait_for()


def feedback_link_saying_no(page: Page) -> None:
    feedback_link(page)
    page.get_by_role("link", name="I do not want to answer these questions").click()


def feedback_link_thank_you(page: Page) -> None:
    page.goto("/feedback/thank-you")


def feedback_link_thank_you_easy_read(page: Page) -> None:
    page.goto("/feedback/thank-you?easy-read=yes")


def feedback_link_said_no(page: Page) -> None:
    page.goto("/feedback/you-said-no")


def feedback_link_gone(page: Page) -> None:
    page.goto(f"/feedback/{'A' * 43}")


def agency_inbox(page: Page) -> None:
    sign_in_as(page, "police-officer")
    page.goto("/agency-inbox")


def concern_step(step: int) -> Callable[[Page], None]:
    def visit(page: Page) -> None:
        sign_in_as(page, "asc-practitioner")
        page.goto("/concerns/new")
        answers = [
            {"Their name": "Sam", "Day": "9", "Month": "5", "Year": "2001"},
            {"What happened?": "She said so.", "Day": "1", "Month": "11", "Year": "2026"},
            {"Their name": "Lee", "Their role": "Neighbour"},
        ]
        for fields in answers[: step - 1]:
            for label, value in fields.items():
                page.get_by_label(label, exact=True).fill(value)
            page.get_by_role("button", name="Continue").click()

    return visit


def concern_with_errors(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    page.goto("/concerns/new")
    page.get_by_role("button", name="Continue").click()


def record_form(
    form: str, user: str = "asc-practitioner", send: bool = False, enquiry_id: object = None
) -> Callable[[Page], None]:
    """One of the enquiry page's recording forms, empty or sent empty (errors shown)."""

    def visit(page: Page) -> None:
        sign_in_as(page, user)
        page.goto(f"/enquiries/{enquiry_id or SAM.enquiry_id}/record/{form}")
        if send:
            page.locator("main form button").click()
            page.get_by_role("alert").wait_for()

    return visit


def open_need_form(link: str) -> Callable[[Page], None]:
    """A form about the health referral's open advocacy need (not an ICA: no capacity
    assessment), reached by its link on the enquiry page; the need is recorded through its own
    form when none is open."""

    def visit(page: Page) -> None:
        sign_in_as(page, "health-practitioner")
        page.goto(f"/enquiries/{HEALTH.enquiry_id}")
        if page.get_by_role("link", name=link).count() == 0:
            page.goto(f"/enquiries/{HEALTH.enquiry_id}/record/advocacy-need")
            for group, answer in (
                ("Would they have substantial difficulty taking part?", "Yes"),
                ("Is there an appropriate person to support them?", "No"),
                ("Is there family or a friend to consult?", "Yes"),
            ):
                page.get_by_role("group", name=group).get_by_label(answer, exact=True).check()
            page.get_by_role("button", name="Record the need").click()
        page.get_by_role("link", name=link).click()
        page.get_by_role("heading", level=1).wait_for()

    return visit


def advocacy_declined_with_errors(page: Page) -> None:
    open_need_form("declined an advocate")(page)
    page.get_by_label("In their own words (optional)").fill("x" * 10_001)
    page.get_by_role("button", name="Record that they declined").click()
    page.get_by_role("alert").wait_for()


def lead_transfers(page: Page) -> None:
    sign_in_as(page, "police-officer")
    page.goto("/lead-transfers")


def closure(page: Page) -> None:
    sign_in_as(page, "asc-manager")
    page.goto(f"/enquiries/{SAM.enquiry_id}/closure")


def not_found(page: Page) -> None:
    sign_in_as(page, "police-officer")
    page.goto(f"/enquiries/{SAM.enquiry_id}")


def forbidden(page: Page) -> None:
    sign_in_as(page, "board-analyst")
    page.goto("/caseload")


def board_report(page: Page) -> None:
    sign_in_as(page, "board-analyst")  # lands on the board report
    today = date.today()
    page.goto(f"/reports/board?from={today - timedelta(days=365)}&to={today}&mode=exact")


def board_report_with_errors(page: Page) -> None:
    sign_in_as(page, "board-analyst")
    page.get_by_label("First day").fill("the first of April")
    page.get_by_role("button", name="Show the report").click()


def service_status(page: Page) -> None:
    page.goto("/status")


PAGES: dict[str, Callable[[Page], None]] = {
    "start": start,
    "sign in": sign_in_form,
    "sign in with errors": sign_in_with_errors,
    "signed out": signed_out,
    "caseload": caseload,
    "enquiry": enquiry,
    "outcomes": outcomes,
    "easy read": easy_read,
    "consent and sharing": sharing,
    "consent and sharing with errors": sharing_with_errors,
    "disclosure blocked": disclosure_blocked,
    "override with errors": override_with_errors,
    "agency inbox": agency_inbox,
    "outcome form with errors": outcome_form_with_errors,
    "review form": review_form,
    "access log": access_log,
    "feedback request": feedback_request,
    "feedback answers with errors": feedback_answers_with_errors,
    "feedback: whom to ask and how, with errors": feedback_how_to_ask_with_errors,
    "feedback link: the questions": feedback_link,
    "feedback link with errors": feedback_link_with_errors,
    "feedback link: not answering": feedback_link_saying_no,
    "feedback link: thank you": feedback_link_thank_you,
    "feedback link: thank you, easy-read": feedback_link_thank_you_easy_read,
    "feedback link: they said no": feedback_link_said_no,
    "feedback link cannot be used": feedback_link_gone,
    "concern: the person": concern_step(1),
    "concern: what happened": concern_step(2),
    "concern: who raised it": concern_step(3),
    "concern: check answers": concern_step(4),
    "concern with errors": concern_with_errors,
    "record preferences": record_form("communication-preferences"),
    "record a risk with errors": record_form("risk", send=True),
    "conclude a risk": record_form(f"risk-conclusion/{demo_id('sam-risk-1')}"),
    "section 42 decision with errors": record_form("section-42", "asc-manager", send=True),
    "capacity assessment with errors": record_form("capacity", send=True),
    "advocacy need": record_form("advocacy-need"),
    "consent decision with errors": record_form("consent", send=True),
    "advocacy offered": open_need_form("Record that advocacy was offered"),
    "advocacy declined with errors": advocacy_declined_with_errors,
    "pause the timescales with errors": record_form("timescales-pause", send=True),
    "start the timescales again": record_form("timescales-resume"),
    "declined support with errors": record_form("declined-intervention", send=True),
    "monitoring check": record_form("monitoring-check"),
    "support taken up again": record_form("take-up"),
    "move the lead with errors": record_form("lead-transfer", send=True),
    "reopen with errors": record_form("reopening", send=True, enquiry_id=JOYCE.enquiry_id),
    "asked to take the lead": lead_transfers,
    "closure": closure,
    "not found": not_found,
    "no access": forbidden,
    "service status": service_status,
    "board report": board_report,
    "board report with errors": board_report_with_errors,
}


@pytest.mark.parametrize("visit", PAGES.values(), ids=PAGES.keys())
def test_the_page_has_no_serious_or_critical_accessibility_violation(
    page: Page, visit: Callable[[Page], None]
) -> None:
    visit(page)

    violations = Axe().run(page).response["violations"]

    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in blocking
    )
