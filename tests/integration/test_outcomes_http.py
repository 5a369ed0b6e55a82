"""Outcomes over real HTTP: the person's words verbatim, changes with history, reviews, actions,
final assessments and the roll-up; each broken rule a 4xx that changes nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from services.intake.app import DEFINITION as INTAKE
from shared.settings import Settings
from tests.outcomes_support import (
    AWKWARD_WORDS,
    OUTCOMES_UNSWEPT,
    an_action,
    an_enquiry_led_by,
    an_outcome,
)
from tests.support import an_actor, bearer, eventually, served

pytestmark = pytest.mark.integration
TODAY = datetime.now(UTC).date()


async def board_of(http: httpx.AsyncClient, settings: Settings, enquiry_id: object) -> Any:
    response = await http.get(f"/enquiries/{enquiry_id}/outcomes", headers=bearer(settings))
    assert response.status_code == 200, response.text
    return response.json()


async def test_an_enquiry_opened_in_intake_gets_an_outcome_board_here(settings: Settings) -> None:
    async with (
        served(INTAKE, settings) as (intake_url, _),
        served(OUTCOMES_UNSWEPT, settings) as (outcomes_url, _),
        httpx.AsyncClient() as http,
    ):
        created = await http.post(f"{intake_url}/enquiries", json={}, headers=bearer(settings))
        enquiry_id = created.json()["enquiry_id"]

        async def board_answers() -> bool:
            url = f"{outcomes_url}/enquiries/{enquiry_id}/outcomes"
            return (await http.get(url, headers=bearer(settings))).status_code == 200

        await eventually(board_answers, what="outcomes learned who leads the enquiry")
        board = (
            await http.get(
                f"{outcomes_url}/enquiries/{enquiry_id}/outcomes", headers=bearer(settings)
            )
        ).json()

    assert board["version"] == 0
    assert board["lead_practitioner_id"] == "practitioner-1"
    assert board["outcomes"] == []


async def test_the_person_s_words_come_back_exactly_as_they_were_said(settings: Settings) -> None:
    async with (
        served(OUTCOMES_UNSWEPT, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url) as http,
    ):
        enquiry_id = await an_enquiry_led_by(runtime)
        version = 0
        for words in AWKWARD_WORDS:
            response = await http.post(
                f"/enquiries/{enquiry_id}/outcomes",
                json=an_outcome(version, words=words, why_it_matters=words),
                headers=bearer(settings),
            )
            assert response.status_code == 201, response.text
            version = response.json()["version"]
        board = await board_of(http, settings, enquiry_id)

    said = [(o["words"], o["original_words"], o["why_it_matters"]) for o in board["outcomes"]]
    assert said == [(w, w, w) for w in AWKWARD_WORDS]


async def test_outcomes_are_recorded_changed_reviewed_and_concluded(settings: Settings) -> None:
    async with (
        served(OUTCOMES_UNSWEPT, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url, headers=bearer(settings)) as http,
    ):
        enquiry_id = await an_enquiry_led_by(runtime)
        base = f"/enquiries/{enquiry_id}"

        asked = await http.put(
            f"{base}/asked",
            json={
                "expected_version": 0,
                "code": "Yes they were asked and outcomes were expressed",
                "asked_whom": "person",
                "asked_on": TODAY.isoformat(),
            },
        )
        first = await http.post(f"{base}/outcomes", json=an_outcome(1, rank=1))
        second = await http.post(
            f"{base}/outcomes",
            json=an_outcome(
                3,
                words="I don't want my son told",
                kind="not_wanted",
                rank=2,
                expressed_by="advocate",
                prompt_category="to maintain control over the situation",
            ),
        )
        outcome_id, other_id = first.json()["id"], second.json()["id"]
        revised = await http.post(
            f"{base}/outcomes/{outcome_id}/revisions",
            json={
                "expected_version": 4,
                "words": "This is OK now: I want the locks changed",
                "reason": "she feels safer since the move",
                "agreed_by": "the person and practitioner-1",
            },
        )
        action = await http.post(
            f"{base}/actions", json=an_action(5, outcome_id, TODAY + timedelta(days=3))
        )
        review = await http.post(
            f"{base}/reviews",
            json={
                "expected_version": 6,
                "held_on": TODAY.isoformat(),
                "attendees": ["practitioner-1"],
                "person_attended": True,
                "advocate_attended": False,
                "persons_view": "Things are better",
                "progress": [
                    {"outcome_id": outcome_id, "progress": "on track"},
                    {"outcome_id": other_id, "progress": "at risk"},
                ],
            },
        )
        done = await http.post(
            f"{base}/actions/{action.json()['id']}/completion", json={"expected_version": 7}
        )
        not_achievable = await http.post(
            f"{base}/outcomes/{other_id}/not-achievable",
            json={
                "expected_version": 8,
                "explanation": "the court decides who is told",
                "persons_response": "I understand, but I'm not happy",
            },
        )
        assessed = await http.post(
            f"{base}/outcomes/{outcome_id}/assessment",
            json={
                "expected_version": 9,
                "achievement": "Fully Achieved",
                "persons_view": "Yes, I feel safe",
                "person_agrees": True,
            },
        )
        last = await http.post(
            f"{base}/outcomes/{other_id}/assessment",
            json={
                "expected_version": 10,
                "achievement": "Not Achieved",
                "persons_view": "It wasn't what I wanted",
                "person_agrees": False,
            },
        )
        board = await board_of(http, settings, enquiry_id)
        history = (
            await http.get(f"{base}/outcomes/history", params={"outcome_id": outcome_id})
        ).json()

    for response in (
        asked,
        first,
        second,
        revised,
        action,
        review,
        done,
        not_achievable,
        assessed,
        last,
    ):
        assert response.status_code in (200, 201), response.text
    assert second.json()["events"] == ["outcomes.DesiredOutcomeRecorded"]
    assert first.json()["events"] == ["outcomes.DesiredOutcomeRecorded", "outcomes.ReviewScheduled"]
    assert last.json()["events"] == ["outcomes.OutcomeAssessed", "outcomes.OutcomesConcluded"]
    assert board["version"] == 12
    assert board["asked"]["code"] == "Yes they were asked and outcomes were expressed"
    assert board["concluded"]["fully"] == 1
    assert board["concluded"]["not_achieved"] == 1
    assert board["next_review_due_on"] is None  # concluded: no more reviews
    assert board["last_review"]["persons_view"] == "Things are better"
    wish, not_wanted = board["outcomes"]
    assert wish["words"] == "This is OK now: I want the locks changed"
    assert wish["original_words"] == "I want to feel safe in my own home"
    assert wish["revisions"] == 1
    assert wish["last_progress"] == "on track"
    assert wish["actions"][0]["status"] == "done"
    assert not_wanted["kind"] == "not_wanted"
    assert not_wanted["not_achievable"] is True
    assert not_wanted["words"] == "I don't want my son told"  # the original wish stays
    assert not_wanted["assessment"]["person_agrees"] is False
    (revision,) = [h for h in history if h["event_type"] == "outcomes.DesiredOutcomeRevised"]
    assert revision["details"]["previous_words"] == "I want to feel safe in my own home"
    assert revision["details"]["words"] == "This is OK now: I want the locks changed"
    assert revision["details"]["reason"] == "she feels safer since the move"
    assert revision["recorded_by"] == "practitioner-1"


async def _refused(
    http: httpx.AsyncClient, method: str, path: str, body: dict[str, Any]
) -> httpx.Response:
    response = await http.request(method, path, json=body)
    assert 400 <= response.status_code < 500, response.text
    return response


async def test_each_broken_rule_is_a_4xx_that_names_it_and_changes_nothing(
    settings: Settings,
) -> None:
    async with (
        served(OUTCOMES_UNSWEPT, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url, headers=bearer(settings)) as http,
    ):
        enquiry_id = await an_enquiry_led_by(runtime)
        base = f"/enquiries/{enquiry_id}"
        ranked = (await http.post(f"{base}/outcomes", json=an_outcome(0, rank=1))).json()
        assessed = (await http.post(f"{base}/outcomes", json=an_outcome(2, words="b"))).json()
        withdrawn = (await http.post(f"{base}/outcomes", json=an_outcome(3, words="c"))).json()
        await http.post(
            f"{base}/outcomes/{assessed['id']}/assessment",
            json={
                "expected_version": 4,
                "achievement": "Partially Achieved",
                "persons_view": "ok",
                "person_agrees": True,
            },
        )
        await http.post(
            f"{base}/outcomes/{withdrawn['id']}/withdrawal",
            json={"expected_version": 5, "reason": "she changed her mind"},
        )
        before, version = await runtime.store.last_position(), 6

        clash = await _refused(http, "POST", f"{base}/outcomes", an_outcome(version, rank=1))
        twice = await _refused(
            http,
            "POST",
            f"{base}/outcomes/{assessed['id']}/assessment",
            {
                "expected_version": version,
                "achievement": "Fully Achieved",
                "persons_view": "x",
                "person_agrees": True,
            },
        )
        changed = await _refused(
            http,
            "POST",
            f"{base}/outcomes/{withdrawn['id']}/revisions",
            {"expected_version": version, "words": "new", "reason": "r", "agreed_by": "a"},
        )
        past = await _refused(
            http,
            "POST",
            f"{base}/actions",
            an_action(version, ranked["id"], TODAY - timedelta(days=1)),
        )
        stale = await _refused(http, "POST", f"{base}/outcomes", an_outcome(2, words="late"))
        blank = await _refused(http, "POST", f"{base}/outcomes", an_outcome(version, words="   "))
        unknown = await _refused(
            http,
            "POST",
            f"{base}/outcomes/{enquiry_id}/withdrawal",
            {"expected_version": version, "reason": "r"},
        )
        board = await board_of(http, settings, enquiry_id)

        assert await runtime.store.last_position() == before + 1  # only the view of the board
    assert board["version"] == version
    assert clash.status_code == 422
    assert clash.json()["errors"][0]["field"] == "rank"
    assert "ranks are unique" in clash.json()["detail"]
    assert twice.status_code == 422
    assert "one final assessment" in twice.json()["detail"]
    assert changed.status_code == 422
    assert "withdrawn outcomes do not change" in changed.json()["detail"]
    assert past.status_code == 422
    assert past.json()["errors"] == [{"field": "due_on", "message": past.json()["detail"]}]
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "words"
    assert unknown.status_code == 404


async def test_another_agency_gets_404_and_its_views_are_not_recorded(settings: Settings) -> None:
    police = an_actor(agency="police", user="officer-1")
    async with (
        served(OUTCOMES_UNSWEPT, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url) as http,
    ):
        enquiry_id = await an_enquiry_led_by(runtime)
        base = f"/enquiries/{enquiry_id}"
        board = await http.get(f"{base}/outcomes", headers=bearer(settings, police))
        history = await http.get(f"{base}/outcomes/history", headers=bearer(settings, police))
        change = await http.post(
            f"{base}/outcomes", json=an_outcome(0), headers=bearer(settings, police)
        )
        await http.get(f"{base}/outcomes", headers=bearer(settings))
        await http.get(f"{base}/outcomes/history", headers=bearer(settings))
        views = (await http.get(f"{base}/outcomes/views", headers=bearer(settings))).json()

    assert board.status_code == history.status_code == change.status_code == 404
    assert [(v["user_id"], v["agency_id"], v["what"]) for v in views] == [
        ("practitioner-1", "adult-social-care", "history"),
        ("practitioner-1", "adult-social-care", "board"),
    ]


async def _command_with_id(
    http: httpx.AsyncClient, enquiry_id: object, kind: str, new_id: str
) -> httpx.Response:
    """Record an outcome, a review or an action (on the enquiry's first outcome) with `new_id`."""
    base = f"/enquiries/{enquiry_id}"
    board = (await http.get(f"{base}/outcomes")).json()
    version = board["version"]
    if kind == "outcome_id":
        return await http.post(f"{base}/outcomes", json={**an_outcome(version), kind: new_id})
    if kind == "review_id":
        review = {
            "expected_version": version,
            "held_on": TODAY.isoformat(),
            "attendees": ["practitioner-1"],
            "person_attended": True,
            "advocate_attended": False,
            "persons_view": "Things are better",
        }
        return await http.post(f"{base}/reviews", json={**review, kind: new_id})
    outcome_id = board["outcomes"][0]["outcome_id"]
    action = an_action(version, outcome_id, TODAY + timedelta(days=3))
    return await http.post(f"{base}/actions", json={**action, kind: new_id})


@pytest.mark.parametrize("kind", ["outcome_id", "review_id", "action_id"])
async def test_an_id_another_enquiry_uses_is_refused_naming_the_field_and_changes_nothing(
    settings: Settings, kind: str
) -> None:
    async with (
        served(OUTCOMES_UNSWEPT, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url, headers=bearer(settings)) as http,
    ):
        first, second = await an_enquiry_led_by(runtime), await an_enquiry_led_by(runtime)
        for enquiry_id in (first, second):  # each with an outcome of its own
            await _command_with_id(http, enquiry_id, "outcome_id", str(uuid.uuid4()))
        new_id = str(uuid.uuid4())
        taken = await _command_with_id(http, first, kind, new_id)
        assert taken.status_code == 201, taken.text
        before = await runtime.store.load(str(second))
        refused = await _command_with_id(http, second, kind, new_id)
        after = await runtime.store.load(str(second))  # reading the board is an event elsewhere

    assert refused.status_code in (409, 422)
    (error,) = refused.json()["errors"]
    assert error["field"] == kind
    assert "another enquiry" in error["message"]
    assert str(first) not in refused.text
    assert after == before
