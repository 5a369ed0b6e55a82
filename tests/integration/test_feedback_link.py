"""The single-use link over real HTTP: unguessable, stored only as a hash, used once, expiring
with the request, revealing nothing."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from services.feedback.sweeper import sweep_once
from services.feedback.tables import feedback_answers, feedback_links
from shared.auth import CLIENT_ADDRESS_HEADER, PORTAL_ACTOR
from shared.clock import FixedClock
from shared.eventstore.schema import events as events_table
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.integration.feedback_support import (
    a_clock,
    asked_after_closure,
    bearer_at,
    own_events,
    served_feedback,
)
from tests.support import eventually

pytestmark = pytest.mark.integration
WORDS = "Nobody asked me what I wanted until the very end."
GONE = (
    "This link cannot be used any more. If you still want to tell us how things went, "
    "please contact the team who worked with you."
)


async def everything_stored(runtime: ServiceRuntime) -> str:
    """Every event payload and read-model row of the service, as one text to search."""
    async with runtime.db.read() as conn:
        payloads = (await conn.execute(select(events_table.c.payload))).scalars().all()
        links = (await conn.execute(select(feedback_links))).all()
        answers = (await conn.execute(select(feedback_answers))).all()
    return repr((payloads, links, answers))


async def test_a_link_is_answered_once_and_its_token_is_never_stored(settings: Settings) -> None:
    async with asked_after_closure(settings) as asked:
        _intake, feedback, http, clock, _enquiry_id, request = asked
        issued = await http.post(
            f"/feedback-requests/{request['request_id']}/links",
            json={"respondent": "person"},
            headers=bearer_at(settings, clock),
        )
        token = issued.json()["token"]

        form = await http.get(f"/feedback/link/{token}")
        first = await http.post(
            f"/feedback/link/{token}/answers",
            json={"answers": {"listened_to": "no", "what_would_have_made_it_better": WORDS}},
        )
        second = await http.post(
            f"/feedback/link/{token}/answers", json={"answers": {"listened_to": "yes"}}
        )
        reopened = await http.get(f"/feedback/link/{token}")
        made_up = await http.get(f"/feedback/link/{'x' * 43}")
        stored = await everything_stored(feedback)

        assert issued.status_code == 201, issued.text
        assert issued.json()["expires_at"] == request["due_at"]
        assert len(token) >= 43
        assert form.status_code == 200
        assert form.json()["respondent"] == "person"
        assert form.json()["questions"]["wording"] == "person"
        assert first.status_code == 201, first.text
        assert second.status_code == reopened.status_code == made_up.status_code == 410
        assert second.json() == reopened.json() == made_up.json() == {"detail": GONE}
        assert token not in stored
        assert WORDS in stored
        (received,) = await own_events(feedback, "feedback.FeedbackReceived")
        assert received.payload["channel"] == "link"
        assert received.payload["answers"]["what_would_have_made_it_better"] == WORDS


async def test_an_easy_read_request_gives_the_person_easy_read_questions(
    settings: Settings,
) -> None:
    async with asked_after_closure(settings) as asked:
        _intake, _feedback, http, clock, _enquiry_id, request = asked
        path = f"/feedback-requests/{request['request_id']}"
        headers = bearer_at(settings, clock)
        await http.put(
            f"{path}/how-to-ask",
            json={"addressee": "both", "way_to_ask": "text_message", "easy_read": True},
            headers=headers,
        )
        person = (await http.post(f"{path}/links", json={}, headers=headers)).json()["token"]
        representative = (
            await http.post(f"{path}/links", json={"respondent": "representative"}, headers=headers)
        ).json()["token"]

        for_person = (await http.get(f"/feedback/link/{person}")).json()
        for_representative = (await http.get(f"/feedback/link/{representative}")).json()

    assert for_person["questions"]["wording"] == "easy_read"
    assert for_person["questions"]["questions"][0]["picture"]
    assert for_representative["respondent"] == "representative"
    assert for_representative["questions"]["wording"] == "representative"


async def test_a_link_expires_with_its_request_which_expires_once(settings: Settings) -> None:
    async with asked_after_closure(settings, closed_now=True) as asked:
        _intake, feedback, http, clock, _enquiry_id, request = asked
        issued = await http.post(
            f"/feedback-requests/{request['request_id']}/links",
            json={},
            headers=bearer_at(settings, clock),
        )
        token = issued.json()["token"]

        clock.advance(timedelta(weeks=8))

        async def expired() -> bool:
            return bool(await own_events(feedback, "feedback.FeedbackRequestExpired"))

        await eventually(expired, what="the request expired")
        answered = await http.post(
            f"/feedback/link/{token}/answers", json={"answers": {"feel_safer": "yes"}}
        )
        clock.advance(timedelta(days=1))
        await feedback_swept_twice(feedback)

        assert answered.status_code == 410
        assert len(await own_events(feedback, "feedback.FeedbackRequestExpired")) == 1
        status = await http.get(
            f"/feedback-requests/{request['request_id']}", headers=bearer_at(settings, clock)
        )
        assert status.json()["status"] == "expired"


async def feedback_swept_twice(feedback: ServiceRuntime) -> None:
    """Run the sweep by hand as well, beside the background one: still nothing twice."""
    await sweep_once(feedback)
    await sweep_once(feedback)


async def test_anonymous_answers_through_a_link_are_kept_apart_from_the_enquiry(
    settings: Settings,
) -> None:
    async with asked_after_closure(settings) as asked:
        _intake, feedback, http, clock, enquiry_id, request = asked
        path = f"/feedback-requests/{request['request_id']}"
        token = (
            await http.post(f"{path}/links", json={}, headers=bearer_at(settings, clock))
        ).json()["token"]

        answered = await http.post(
            f"/feedback/link/{token}/answers",
            json={"answers": {"what_would_have_made_it_better": WORDS}, "anonymous": True},
        )
        record = (await http.get(path, headers=bearer_at(settings, clock))).json()

        assert answered.status_code == 201
        assert record["status"] == "answered"
        assert record["answers"] == []
        (received,) = await own_events(feedback, "feedback.FeedbackReceived")
        assert received.payload["answers"] is None
        (apart,) = await own_events(feedback, "feedback.AnonymousFeedbackReceived")
        assert apart.stream_id.startswith("anonymous-")
        assert str(enquiry_id) not in apart.model_dump_json()
        assert apart.correlation_id != received.correlation_id
        assert apart.payload["answers"]["what_would_have_made_it_better"] == WORDS


async def test_a_refusal_through_the_link_ends_the_request(settings: Settings) -> None:
    async with asked_after_closure(settings) as asked:
        _intake, feedback, http, clock, _enquiry_id, request = asked
        path = f"/feedback-requests/{request['request_id']}"
        token = (
            await http.post(f"{path}/links", json={}, headers=bearer_at(settings, clock))
        ).json()["token"]

        refused = await http.post(f"/feedback/link/{token}/refusal")
        again = await http.post(f"/feedback/link/{token}/refusal")
        record = (await http.get(path, headers=bearer_at(settings, clock))).json()

        assert refused.status_code == 201
        assert again.status_code == 410
        assert record["status"] == "refused"
        assert record["refused_by"] == "person"
        assert len(await own_events(feedback, "feedback.FeedbackRefused")) == 1


async def test_too_many_tries_from_one_address_are_slowed_down(settings: Settings) -> None:
    limited = settings.model_copy(update={"feedback_link_attempts_per_minute": 3})
    async with (
        served_feedback(limited, a_clock()) as (url, _),
        httpx.AsyncClient(base_url=url) as http,
    ):
        answers = [(await http.get(f"/feedback/link/{'y' * 43}")).status_code for _ in range(4)]

    assert answers == [410, 410, 410, 429]


def from_the_portal(settings: Settings, clock: FixedClock, address: str) -> dict[str, str]:
    """What the portal sends with a person's call: its own service token and their address."""
    return {**bearer_at(settings, clock, PORTAL_ACTOR), CLIENT_ADDRESS_HEADER: address}


async def test_each_person_s_address_forwarded_by_the_portal_has_its_own_allowance(
    settings: Settings,
) -> None:
    limited = settings.model_copy(update={"feedback_link_attempts_per_minute": 3})
    clock = a_clock()
    async with (
        served_feedback(limited, clock) as (url, _),
        httpx.AsyncClient(base_url=url) as http,
    ):

        async def tries(address: str, times: int) -> list[int]:
            headers = from_the_portal(settings, clock, address)
            path = f"/feedback/link/{'y' * 43}"
            return [(await http.get(path, headers=headers)).status_code for _ in range(times)]

        first = await tries("203.0.113.7", 4)
        second = await tries("198.51.100.23", 3)

    assert first == [410, 410, 410, 429]
    assert second == [410, 410, 410]


async def test_a_forwarded_address_from_anyone_but_the_portal_is_ignored(
    settings: Settings,
) -> None:
    limited = settings.model_copy(update={"feedback_link_attempts_per_minute": 3})
    clock = a_clock()
    practitioner = bearer_at(settings, clock)
    async with (
        served_feedback(limited, clock) as (url, _),
        httpx.AsyncClient(base_url=url) as http,
    ):
        path = f"/feedback/link/{'y' * 43}"
        forged = [
            (await http.get(path, headers={CLIENT_ADDRESS_HEADER: f"192.0.2.{n}"})).status_code
            for n in range(3)
        ]
        not_the_portal = await http.get(
            path, headers={**practitioner, CLIENT_ADDRESS_HEADER: "192.0.2.99"}
        )
        bad_token = await http.get(
            path, headers={"Authorization": "Bearer forged", CLIENT_ADDRESS_HEADER: "192.0.2.98"}
        )

    assert forged == [410, 410, 410]
    assert not_the_portal.status_code == 429
    assert bad_token.status_code == 429
