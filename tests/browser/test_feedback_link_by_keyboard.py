"""The person's side of feedback, in the browser: a practitioner makes a single-use link for a
closed enquiry (easy-read asked for); in a fresh browser with no cookies the person opens it,
sends it empty (the error summary), answers with the keyboard only and sees the thank-you; the
link then shows the one "cannot be used" page; the practitioner sees the answers, in the
person's words; and no process logged the link's code. Axe-core on each of the person's pages."""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import timedelta

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from shared.auth import Actor, Role, TokenService
from shared.demo import JOYCE, DemoEnquiry, Loader, Step, demo_id, demo_managers
from tests.browser.people import sign_in_as
from tests.browser.platform import Platform
from tests.browser.test_sam_concern_to_feedback import GIVE_UP_S, press, reload_until

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


def joyce_again(key: str) -> DemoEnquiry:
    """Joyce's history as another enquiry, with ids of its own (a risk id is unique across
    enquiries): the demo Joyce's request stays open for the accessibility checks."""
    history = json.dumps([dataclasses.asdict(step) for step in JOYCE.history])
    for name in ("joyce-risk-1", "joyce-consent-police"):
        history = history.replace(demo_id(name), demo_id(f"{key}-{name}"))
    steps = tuple(Step(**step) for step in json.loads(history))
    return dataclasses.replace(JOYCE, key=key, history=steps)


ANOTHER = joyce_again("feedback-link-by-keyboard")
HER_WORDS = "Ring me first, don't write. I can't read letters & nobody said \"sorry\"."
LEAD = Actor(user_id="asc-practitioner", agency_id="adult-social-care", role=Role.PRACTITIONER)
MAX_TABS = 80


def no_blocking_violation(page: Page) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in blocking
    )


def closed(platform: Platform) -> None:
    """ANOTHER opened with Joyce's history, closed (retrying closure until intake has heard
    from outcomes, as the demo data's closure may be refused until then)."""
    tokens = TokenService(platform.settings.signing_key, ttl=timedelta(minutes=5))
    url = platform.settings.url_of("intake")
    with httpx.Client(base_url=url, timeout=10) as client:
        Loader(client, tokens).load(ANOTHER)
        path = f"/enquiries/{ANOTHER.enquiry_id}"
        deadline = time.monotonic() + GIVE_UP_S
        while True:
            lead = {"Authorization": f"Bearer {tokens.issue(LEAD)}"}
            enquiry = client.get(path, headers=lead).json()
            if enquiry["status"] == "closed":
                return
            assert time.monotonic() < deadline, "the enquiry never closed"
            manager = Actor(
                user_id=demo_managers()[LEAD.agency_id], agency_id=LEAD.agency_id, role=Role.MANAGER
            )
            client.post(
                f"{path}/closure",
                json={
                    "expected_version": enquiry["version"],
                    "closure_reason": "Outcomes met or the risk managed",
                },
                headers={"Authorization": f"Bearer {tokens.issue(manager)}"},
            )
            time.sleep(0.5)


def easy_read_asked_for(platform: Platform, request_path: str) -> None:
    """The practitioner's choice of easy-read (the portal has no form for it yet)."""
    token = TokenService(platform.settings.signing_key, ttl=timedelta(minutes=5)).issue(LEAD)
    answer = httpx.put(
        f"{platform.settings.url_of('feedback')}{request_path}/how-to-ask",
        json={"addressee": "person", "easy_read": True},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert answer.is_success, answer.text


def a_link_made_by_the_practitioner(page: Page, platform: Platform) -> tuple[str, str]:
    """(the request page's path, the link's full address shown once)."""
    sign_in_as(page, "asc-practitioner")
    page.goto(f"/enquiries/{ANOTHER.enquiry_id}/feedback")
    asked = page.get_by_role("link", name="The person", exact=True)
    reload_until(page, asked, "feedback's sweeper asks after the closure")
    asked.click()
    request_path = page.url.split(platform.portal_url, 1)[1]
    easy_read_asked_for(platform, request_path)
    page.get_by_role("group", name="Who is the link for?").get_by_label("The person").check()
    press(page, "Make a link")
    expect(page.get_by_text("It shows the questions in easy-read, with pictures.")).to_be_visible()
    return request_path, page.locator(".portal-link-url").inner_text()


def tab_to(page: Page, selector: str) -> None:
    """Tab until the element is focused, as someone without a mouse moves through a page."""
    for _ in range(MAX_TABS):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached by the keyboard: {selector}")


def choose(page: Page, question: str, value: str) -> None:
    """Into the question's radios with Tab, to the answer with the arrow keys, Space to pick."""
    tab_to(page, f"input[name={question}]")
    for _ in range(10):
        if page.evaluate("document.activeElement.value") == value:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no answer {value} to {question}")


def send_by_keyboard(page: Page) -> None:
    tab_to(page, "form button.govuk-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_person_answers_in_easy_read_with_the_keyboard_only(
    browser: Browser, page: Page, platform: Platform
) -> None:
    closed(platform)
    request_path, url = a_link_made_by_the_practitioner(page, platform)
    code = url.rsplit("/", 1)[1]
    assert url.startswith(f"{platform.portal_url}/feedback/")

    person = browser.new_context()  # theirs: no cookies, no sign-in
    theirs = person.new_page()
    opened = theirs.goto(url)
    assert opened is not None
    assert opened.status == 200
    expect(theirs.get_by_role("heading", level=1)).to_have_text("How did it go?")
    expect(
        theirs.get_by_role("img", name="A worker listening to a person who is talking")
    ).to_be_visible()
    no_blocking_violation(theirs)

    send_by_keyboard(theirs)  # nothing answered
    expect(theirs.get_by_role("alert")).to_contain_text("Please answer at least 1 question")
    no_blocking_violation(theirs)

    choose(theirs, "asked_what_they_wanted", "yes")
    choose(theirs, "listened_to", "not_sure")
    choose(theirs, "satisfaction", "4")
    tab_to(theirs, "textarea#what_would_have_made_it_better")
    theirs.keyboard.type(HER_WORDS)
    send_by_keyboard(theirs)
    expect(theirs.get_by_role("heading", level=1)).to_have_text("Thank you for your answers")
    expect(theirs.locator("main")).to_contain_text("We got your answers.")
    assert code not in theirs.url
    no_blocking_violation(theirs)

    again = theirs.goto(url)
    assert again is not None
    assert again.status == 410
    expect(theirs.get_by_role("heading", level=1)).to_have_text("This link cannot be used any more")
    no_blocking_violation(theirs)
    person.close()

    page.goto(request_path)
    main = page.locator("main")
    expect(page.get_by_role("heading", name="Their answers")).to_be_visible()
    listened = main.locator(".govuk-summary-list__row", has_text="Did you feel listened to?")
    expect(listened.locator("dd")).to_have_text("Not sure")
    expect(main).to_contain_text(f"“{HER_WORDS}”")  # exactly as typed, quoted
    expect(main).to_contain_text("Given through their link")

    for log in sorted(platform.log_dir.glob("*.log")):
        assert code not in log.read_text(), f"the link's code is in {log.name}"
