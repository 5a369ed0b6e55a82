"""Due and overdue lists across enquiries: per agency and per practitioner, paged, scoped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.clock import FixedClock
from shared.settings import Settings
from tests.outcomes_support import (
    agree_an_action,
    an_enquiry_led_by,
    bearer_at,
    close_enquiry,
    record_an_outcome,
    served_at,
)
from tests.support import an_actor

pytestmark = pytest.mark.integration
DAY = timedelta(days=1)
# In the past: PyJWT refuses a token issued (`iat`) later than the wall clock.
START = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) - 40 * DAY


async def test_due_lists_are_scoped_paged_and_say_what_is_overdue(settings: Settings) -> None:
    clock = FixedClock(START)
    today = START.date()
    async with served_at(settings, clock) as (url, runtime):
        mine = await an_enquiry_led_by(runtime, practitioner="practitioner-1")
        colleagues = await an_enquiry_led_by(runtime, practitioner="practitioner-2")
        closed = await an_enquiry_led_by(runtime, practitioner="practitioner-1")
        police = await an_enquiry_led_by(runtime, agency="police", practitioner="officer-1")
        expected = []
        for enquiry_id, due_in in (
            (mine, 1),
            (mine, 40),
            (colleagues, 4),
            (closed, 1),
            (police, 1),
        ):
            outcome_id = await record_an_outcome(runtime, enquiry_id)
            action_id = await agree_an_action(runtime, enquiry_id, outcome_id, today + due_in * DAY)
            if (
                enquiry_id in (mine, colleagues) and due_in < 40
            ):  # day 40 is beyond the 7-day horizon
                expected.append((enquiry_id, action_id))
        await close_enquiry(runtime, closed, version=2)
        clock.advance(25 * DAY)  # reviews (day 28) now due soon; the first actions overdue

        async with httpx.AsyncClient(base_url=url, headers=bearer_at(clock, settings)) as http:
            answer = await http.get("/due", params={"limit": 200})
            assert answer.status_code == 200, answer.text
            agency = answer.json()["items"]
            officer = an_actor(agency="police", user="officer-1")
            pages = [
                (await http.get("/due", params={"limit": 2, "offset": offset})).json()["items"]
                for offset in (0, 2, 4, 6)
            ]
            not_ours = await http.get(
                "/due",
                params={"enquiry_id": str(colleagues)},
                headers=bearer_at(clock, settings, officer),
            )
            own = (await http.get("/due", params={"practitioner_id": "practitioner-1"})).json()
            one = (await http.get("/due", params={"enquiry_id": str(colleagues)})).json()
            two = (await http.get("/due", params={"enquiry_id": [str(mine), str(police)]})).json()
            theirs = (await http.get("/due", headers=bearer_at(clock, settings, officer))).json()[
                "items"
            ]

    actions = [(i["enquiry_id"], i["action_id"]) for i in agency if i["kind"] == "action"]
    reviews = [i["enquiry_id"] for i in agency if i["kind"] == "review"]
    assert sorted(actions) == sorted((str(e), str(a)) for e, a in expected)
    assert all(i["overdue"] for i in agency if i["kind"] == "action")  # days 1 and 4
    assert sorted(reviews) == sorted([str(mine), str(colleagues)])
    assert not any(i["overdue"] for i in agency if i["kind"] == "review")
    assert [i["due_on"] for i in agency] == sorted(i["due_on"] for i in agency)
    assert [item for page in pages for item in page] == agency
    assert {i["enquiry_id"] for i in own["items"]} == {str(mine)}
    assert {i["lead_practitioner_id"] for i in own["items"]} == {"practitioner-1"}
    assert {i["enquiry_id"] for i in theirs} == {str(police)}
    assert one["items"] == [i for i in agency if i["enquiry_id"] == str(colleagues)]
    assert len(one["items"]) == 2  # its review and its action
    assert two["items"] == [i for i in agency if i["enquiry_id"] == str(mine)]
    assert not_ours.json()["items"] == []  # another agency's enquiry: nothing, as for any id
