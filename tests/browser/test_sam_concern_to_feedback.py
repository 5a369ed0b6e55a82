"""Case study 2 (Sam) from concern to closure and feedback, through the browser only: a
practitioner raises the concern, records how Sam wants to communicate in her own words, the
risk, her capacity for decisions about her relationship, her consent, and on the outcomes page
what Sam wants to happen in her words and, at the end, whether it was achieved and what she
thinks of it; the practitioner concludes the risk and proposes closure with its reason; a
manager who is not the lead decides section 42 and signs closure off; feedback's sweeper asks
for Sam's feedback, and the manager, a colleague of the lead (feedback wants someone other than
the lead to ask where possible), records Sam's answers from a conversation, "what would have
made it better" in her words."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.people import sign_in_as

pytestmark = pytest.mark.browser
SAMS_WORDS = "I want to be at the meetings and say what I want. Don't talk about me without me."
SAMS_OUTCOME = "I want to live somewhere new, away from him, where I feel safe. It's my choice."
SAMS_VIEW = "I like my new place. I decided it myself, nobody made me."
SAMS_BETTER = 'If they\'d listened to me from the start & not just said "leave him" at me.'
GIVE_UP_S = 60.0
# Between reloads, how long Playwright looks for what another service has not shown yet.
LOOK_MS = 500


def reload_until(page: Page, shown: Locator, what: str) -> None:
    """Reloads until another service, learning by events or a sweep, makes `shown` appear;
    gives up only after a long while (the machine is shared)."""
    deadline = time.monotonic() + GIVE_UP_S
    while True:
        try:
            expect(shown).to_be_visible(timeout=LOOK_MS)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise AssertionError(f"never happened: {what}") from None
        page.reload()


def fill(page: Page, answers: dict[str, str]) -> None:
    for label, value in answers.items():
        page.get_by_label(label, exact=True).fill(value)


def choose(page: Page, *labels: str) -> None:
    for label in labels:
        page.get_by_label(label, exact=True).check()


def answer(page: Page, questions: dict[str, str]) -> None:
    """One choice per question, found by the question (each fieldset's legend)."""
    for question, choice in questions.items():
        page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def press(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def raise_sams_concern(page: Page) -> str:
    page.goto("/concerns/new")
    fill(page, {"Their name": "Sam", "Day": "21", "Month": "9", "Year": "1996"})
    press(page, "Continue")
    fill(
        page,
        {
            "What happened?": "Sam told staff her boyfriend made her do things she didn't want to.",
            "Day": "2",
            "Month": "11",
            "Year": "2026",
        },
    )
    press(page, "Continue")
    fill(page, {"Their name": "Support worker", "Their role": "Supported living staff"})
    press(page, "Continue")
    press(page, "Raise the concern")
    expect(page).to_have_url(re.compile(r"/enquiries/[0-9a-f-]{36}$"))
    return page.url.split("#")[0]


def record_what_sam_wants(page: Page, enquiry: str) -> None:
    page.goto(enquiry)
    page.get_by_role("link", name="What Sam wants to happen: outcomes, reviews and actions").click()
    record = page.get_by_role("link", name="Record what they want to happen")
    reload_until(page, record, "outcomes learns of Sam's enquiry")
    record.click()
    fill(page, {"In their words": SAMS_OUTCOME})
    choose(page, "Something they want to happen", "The person themselves", "1 (most important)")
    press(page, "Record this outcome")
    expect(page.locator("blockquote.portal-their-words")).to_have_text(f"“{SAMS_OUTCOME}”")


def record_that_it_was_achieved(page: Page) -> None:
    page.get_by_role("link", name=re.compile("^Record whether it was achieved")).click()
    choose(page, "Fully Achieved")
    fill(page, {"What do they think? In their words": SAMS_VIEW})
    page.get_by_role("group", name="Do they agree with this assessment?").get_by_label(
        "Yes", exact=True
    ).check()
    press(page, "Record the assessment")
    expect(page.locator("main")).to_contain_text(
        f"Fully Achieved. Their view: “{SAMS_VIEW}” (they agree)"
    )


def record_sams_feedback(page: Page, enquiry: str) -> None:
    page.goto(enquiry)
    page.get_by_role("link", name="Feedback from Sam").click()
    asked = page.get_by_role("link", name="The person", exact=True)
    reload_until(page, asked, "feedback's sweeper asks Sam after the closure")
    expect(page.locator("main")).to_contain_text("Waiting for their answers")
    asked.click()
    page.get_by_role("link", name="Record the person's answers from a conversation").click()
    # The manager is not the lead, so is not asked why the lead is the one asking.
    expect(page.get_by_label(re.compile("why are you the one asking"))).to_have_count(0)
    answer(
        page,
        {
            "Were you asked what you wanted to happen?": "Yes",
            "Did what you wanted to happen, happen?": "Yes, fully",
            "Did you feel listened to?": "Not sure",
            "Were you involved in the decisions that were made?": "Yes",
            "Do you feel safer now?": "Yes",
            "Overall, how happy are you with the help you had?": "Happy",
        },
    )
    page.get_by_label(re.compile("What would have made things better for you")).fill(SAMS_BETTER)
    press(page, "Record the answers")
    main = page.locator("main")
    status = main.locator(".govuk-summary-list__row", has_text="Status")
    expect(status.locator("dd")).to_have_text("Answered")
    expect(page.get_by_role("heading", name="Their answers")).to_be_visible()
    listened = main.locator(".govuk-summary-list__row", has_text="Did you feel listened to?")
    expect(listened.locator("dd")).to_have_text("Not sure")
    expect(main).to_contain_text(f"“{SAMS_BETTER}”")  # exactly as typed, quoted
    expect(main).to_contain_text("Taken down in a conversation")


def test_sam_from_concern_to_closure_and_feedback(page: Page) -> None:
    sign_in_as(page, "asc-practitioner")
    enquiry = raise_sams_concern(page)

    page.get_by_role("link", name="Record how Sam wants to communicate").click()
    page.get_by_label("In their own words").fill(SAMS_WORDS)
    page.locator("#contact_allowed").check()  # face to face
    press(page, "Save the preferences")
    expect(page.locator("main")).to_contain_text(f"“{SAMS_WORDS}”")  # exactly, quoted

    page.get_by_role("link", name="Record a risk").click()
    choose(page, "Sexual Abuse", "Other - Known to individual")
    page.get_by_label("Where is the risk?").select_option("Own Home")
    press(page, "Record the risk")

    page.get_by_role("link", name="Record a capacity assessment").click()
    fill(
        page,
        {
            "Which decision was assessed?": "Decisions about her relationship",
            "Who assessed it?": "Alex Morgan, social worker",
            "Day": "3",
            "Month": "11",
            "Year": "2026",
        },
    )
    choose(page, "No, they did not lack capacity")
    page.locator("#fluctuates-2").check()  # no
    press(page, "Record the assessment")

    page.get_by_role("link", name="Record a consent decision").click()
    page.locator("input[name=recipient][value=health]").check()
    choose(page, "Their health care", "Given", "The person")
    page.locator("#capacity").check()  # yes
    page.locator("input[name=kinds][value=identity]").check()
    page.locator("input[name=kinds][value=health]").check()
    press(page, "Record the decision")
    expect(page.locator("#consent ~ table").first).to_contain_text("Given")

    record_what_sam_wants(page, enquiry)
    record_that_it_was_achieved(page)

    page.goto(enquiry)
    page.get_by_role("link", name=re.compile("^Conclude")).click()
    choose(page, "Risk identified and action taken", "Risk removed")
    press(page, "Record the conclusion")
    page.get_by_role("link", name="Closure").click()
    choose(page, "Outcomes met or the risk managed")
    press(page, "Propose closure")
    expect(page.locator("main")).to_contain_text("Proposed reason")
    page.get_by_role("button", name="Sign out").click()

    sign_in_as(page, "asc-manager")
    page.goto(f"{enquiry}/record/section-42")
    for test, reason in (
        ("needs_care_and_support", "Moderate learning disability; supported living."),
        ("experiencing_or_at_risk_of_abuse", "Previous referrals alleging sexual abuse."),
        ("unable_to_protect_themselves", "She feels she cannot stop him on her own."),
    ):
        page.locator(f"#{test}_met").check()  # yes
        page.locator(f"#{test}_reason").fill(reason)
    choose(page, "Section 42 enquiry")
    press(page, "Record the decision")
    expect(page.locator("main")).to_contain_text("Yes: She feels she cannot stop him on her own.")

    page.goto(f"{enquiry}/closure")
    nothing_blocks = page.get_by_text("Nothing: every closure rule is met.")
    reload_until(page, nothing_blocks, "intake learns Sam's outcome was assessed")
    expect(page.get_by_label("Outcomes met or the risk managed")).to_be_checked()  # as proposed
    press(page, "Sign off and close the enquiry")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enquiry closed")

    page.goto(enquiry)
    expect(page.locator("main")).to_contain_text("Closed")
    expect(page.get_by_role("link", name="Closure: closed")).to_be_visible()
    expect(page.get_by_role("link", name="Record a risk")).to_have_count(0)

    record_sams_feedback(page, enquiry)
