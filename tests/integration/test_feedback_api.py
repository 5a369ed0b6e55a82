"""Feedback over real HTTP, on SQLite and PostgreSQL, fed by intake over real Redis streams."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select

from services.feedback.tables import feedback_answers, record_views
from shared.settings import Settings
from tests.integration.feedback_support import (
    LEAD,
    POLICE,
    a_clock,
    asked_after_closure,
    bearer_at,
    own_events,
    served_feedback,
)

pytestmark = pytest.mark.integration
WORDS = "I wish someone had told me what was happening. Mrs B's son still visits."
ANSWERS = {
    "asked_what_they_wanted": "yes",
    "did_it_happen": "partially",
    "listened_to": "yes",
    "involved_in_decisions": "not_sure",
    "feel_safer": "yes",
    "satisfaction": 4,
    "what_would_have_made_it_better": WORDS,
}


async def test_a_practitioner_records_answers_verbatim_and_every_view_is_recorded(
    settings: Settings,
) -> None:
    async with asked_after_closure(settings) as asked:
        _intake, feedback, http, clock, _enquiry_id, request = asked
        path = f"/feedback-requests/{request['request_id']}"

        recorded = await http.post(
            f"{path}/answers",
            json={"respondent": "person", "answers": ANSWERS},
            headers=bearer_at(settings, clock),
        )
        shown = await http.get(path, headers=bearer_at(settings, clock))
        access_log = await http.get(f"{path}/views", headers=bearer_at(settings, clock))

        assert request["ask_not_by"] == LEAD.user_id
        assert request["addressee"] == "person"
        assert recorded.status_code == 201, recorded.text
        record = shown.json()
        assert record["status"] == "answered"
        (answers,) = record["answers"]
        assert answers["answers"]["what_would_have_made_it_better"] == WORDS
        assert answers["channel"] == "conversation"
        assert answers["recorded_by"] == "practitioner-colleague"
        async with feedback.db.read() as conn:
            views = (await conn.execute(select(record_views))).mappings().all()
        assert [(v["viewer_user_id"], v["request_id"]) for v in views] == [
            ("practitioner-colleague", uuid.UUID(str(request["request_id"])))
        ]
        assert [(v["viewer_user_id"], v["viewer_agency_id"]) for v in access_log.json()] == [
            ("practitioner-colleague", LEAD.agency_id)
        ]


async def test_another_agency_cannot_see_or_answer_a_request_it_does_not_lead(
    settings: Settings,
) -> None:
    async with asked_after_closure(settings) as asked:
        _intake, feedback, http, clock, _enquiry_id, request = asked
        path = f"/feedback-requests/{request['request_id']}"
        police = bearer_at(settings, clock, POLICE)

        seen = await http.get(path, headers=police)
        answered = await http.post(
            f"{path}/answers", json={"respondent": "person", "answers": ANSWERS}, headers=police
        )
        linked = await http.post(f"{path}/links", json={}, headers=police)
        views = await http.get(f"{path}/views", headers=police)
        listed = await http.get("/feedback-requests", headers=police)

        assert seen.status_code == answered.status_code == linked.status_code == 404
        assert views.status_code == 404
        assert listed.json()["items"] == []
        assert await own_events(feedback, "feedback.FeedbackReceived") == []
        assert await own_events(feedback, "feedback.FeedbackRecordViewed") == []


async def test_bad_answers_are_a_422_naming_the_field_without_echoing_the_words(
    settings: Settings,
) -> None:
    async with asked_after_closure(settings) as asked:
        _intake, feedback, http, clock, _enquiry_id, request = asked
        path = f"/feedback-requests/{request['request_id']}/answers"
        headers = bearer_at(settings, clock)

        bad_scale = await http.post(
            path,
            json={"respondent": "person", "answers": {**ANSWERS, "satisfaction": WORDS}},
            headers=headers,
        )
        nothing = await http.post(
            path, json={"respondent": "person", "answers": {}}, headers=headers
        )
        not_asked = await http.post(
            path, json={"respondent": "representative", "answers": ANSWERS}, headers=headers
        )
        by_the_lead = await http.post(
            path,
            json={"respondent": "person", "answers": ANSWERS},
            headers=bearer_at(settings, clock, LEAD),
        )

        assert bad_scale.status_code == 422
        assert [e["field"] for e in bad_scale.json()["errors"]] == ["answers.satisfaction"]
        assert "Mrs B" not in bad_scale.text
        assert nothing.status_code == 422
        assert nothing.json()["errors"][0]["field"] == "answers"
        assert not_asked.status_code == 422
        assert not_asked.json()["errors"][0]["field"] == "respondent"
        assert by_the_lead.status_code == 422
        assert by_the_lead.json()["errors"][0]["field"] == "why_the_lead_asked"
        assert await own_events(feedback, "feedback.FeedbackReceived") == []


async def test_whom_to_ask_and_how_can_be_changed_and_both_are_then_asked(
    settings: Settings,
) -> None:
    async with asked_after_closure(settings) as asked:
        _intake, _feedback, http, clock, _enquiry_id, request = asked
        path = f"/feedback-requests/{request['request_id']}"
        headers = bearer_at(settings, clock)

        changed = await http.put(
            f"{path}/how-to-ask",
            json={"addressee": "both", "way_to_ask": "phone", "easy_read": True},
            headers=headers,
        )
        bad_way = await http.put(
            f"{path}/how-to-ask",
            json={"addressee": "both", "way_to_ask": "pigeon"},
            headers=headers,
        )
        person = await http.post(
            f"{path}/answers", json={"respondent": "person", "answers": ANSWERS}, headers=headers
        )
        after_person = (await http.get(path, headers=headers)).json()
        representative = await http.post(
            f"{path}/answers",
            json={"respondent": "representative", "answers": {"feel_safer": "no"}},
            headers=headers,
        )
        after_both = (await http.get(path, headers=headers)).json()

        assert changed.status_code == 200, changed.text
        assert changed.json()["addressee"] == "both"
        assert changed.json()["way_to_ask"] == "phone"
        assert bad_way.status_code == 422
        assert bad_way.json()["errors"][0]["field"] == "way_to_ask"
        assert person.status_code == representative.status_code == 201
        assert after_person["status"] == "open"
        assert after_both["status"] == "answered"
        assert sorted(a["respondent"] for a in after_both["answers"]) == [
            "person",
            "representative",
        ]


async def test_anonymous_answers_carry_the_agency_and_the_month_only(
    settings: Settings,
) -> None:
    clock = a_clock()
    async with (
        served_feedback(settings, clock) as (url, feedback),
        httpx.AsyncClient(base_url=url) as http,
    ):
        recorded = await http.post(
            "/feedback/anonymous",
            json={"respondent": "representative", "answers": ANSWERS},
            headers=bearer_at(settings, clock),
        )
        empty = await http.post(
            "/feedback/anonymous", json={"answers": {}}, headers=bearer_at(settings, clock)
        )

        assert recorded.status_code == 201, recorded.text
        assert empty.status_code == 422
        async with feedback.db.read() as conn:
            (row,) = (await conn.execute(select(feedback_answers))).mappings().all()
        assert row["anonymous"] is True
        assert row["enquiry_id"] is None
        assert row["request_id"] is None
        assert row["agency_id"] == "adult-social-care"
        assert row["period"] == clock.now().strftime("%Y-%m")
        assert row["what_would_have_made_it_better"] == WORDS


@pytest.mark.parametrize("wording", ["person", "representative", "easy_read"])
async def test_the_questions_are_served_in_each_wording_without_a_token(
    settings: Settings, wording: str
) -> None:
    async with (
        served_feedback(settings, a_clock()) as (url, _),
        httpx.AsyncClient(base_url=url) as http,
    ):
        response = await http.get("/feedback/questions", params={"wording": wording})
        unknown = await http.get("/feedback/questions", params={"wording": "legal"})

    assert response.status_code == 200
    body = response.json()
    assert [q["key"] for q in body["questions"]] == list(ANSWERS)
    assert all(bool(q["picture"]) == (wording == "easy_read") for q in body["questions"])
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "query.wording"


async def test_the_asyncapi_document_names_the_feedback_stream_and_its_groups(
    settings: Settings,
) -> None:
    async with (
        served_feedback(settings, a_clock()) as (url, _),
        httpx.AsyncClient(base_url=url) as http,
    ):
        document = (await http.get("/asyncapi.json")).json()

    channels = document["channels"].values()
    groups = {
        c["bindings"]["redis"]["groupName"]
        for c in channels
        if "bindings" in c and "groupName" in c["bindings"]["redis"]
    }
    assert "msp.feedback.events" in {c["address"] for c in channels}
    assert groups == {
        "feedback.enquiries",
        "feedback.closures",
        "feedback.conclusions",
        "feedback.report",
        "feedback.reviews",
    }


async def test_answering_a_request_no_longer_open_is_a_409_and_changes_nothing(
    settings: Settings,
) -> None:
    async with asked_after_closure(settings) as asked:
        _intake, feedback, http, clock, _enquiry_id, request = asked
        path = f"/feedback-requests/{request['request_id']}"
        headers = bearer_at(settings, clock)
        body = {"respondent": "person", "answers": ANSWERS}

        first = await http.post(f"{path}/answers", json=body, headers=headers)
        again = await http.post(f"{path}/answers", json=body, headers=headers)
        relinked = await http.post(f"{path}/links", json={}, headers=headers)

        assert first.status_code == 201
        assert again.status_code == relinked.status_code == 409
        assert again.json()["errors"][0]["field"] == "request_id"
        assert len(await own_events(feedback, "feedback.FeedbackReceived")) == 1
        assert await own_events(feedback, "feedback.FeedbackLinkIssued") == []
