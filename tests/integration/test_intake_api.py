"""Intake over real HTTP, on SQLite and PostgreSQL, with real Redis: the enquiry from concern to
closure, the errors, and the agency scope."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from services.intake.app import DEFINITION as INTAKE
from shared.settings import Settings
from tests.intake_builders import (
    MANAGER,
    POLICE,
    As,
    a_concern,
    a_risk,
    outcome_assessed,
    outcome_recorded,
    publish_from_outcomes,
    three_tests_met,
)
from tests.support import an_actor, eventually, served

pytestmark = pytest.mark.integration


async def test_an_enquiry_goes_from_concern_to_closure_and_is_reopened(
    settings: Settings, redis: Redis
) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        manager = lead.acting_as(MANAGER)
        enquiry = await lead.open()
        risk = await lead.ok(enquiry, "/risks", a_risk())
        await manager.ok(enquiry, "/section-42-decision", three_tests_met())
        await lead.ok(
            enquiry,
            "/communication-preferences",
            {
                "preferences": {
                    "contact_allowed": ["phone"],
                    "contact_refused": ["letter"],
                    "in_their_words": "Please don't send me letters",
                }
            },
            method="PUT",
        )
        detail = (await lead.get(f"/enquiries/{enquiry}")).json()
        risk_id = detail["risks"][0]["risk_id"]
        await lead.ok(
            enquiry,
            f"/risks/{risk_id}/conclusion",
            {
                "assessment_outcome": "Risk identified and action taken",
                "risk_outcome": "Risk reduced",
            },
        )
        outcome_id = uuid.uuid4()
        await publish_from_outcomes(redis, outcome_recorded(enquiry, outcome_id))

        async def intake_knows_the_outcome() -> bool:
            found = (await lead.get(f"/enquiries/{enquiry}")).json()
            return bool(found["unassessed_outcomes"] == 1)

        await eventually(intake_knows_the_outcome, what="intake consumed the outcome")
        refused = await manager.command(
            enquiry, "/closure", {"closure_reason": "Outcomes met or the risk managed"}
        )
        await publish_from_outcomes(redis, outcome_assessed(enquiry, outcome_id))

        async def assessed() -> bool:
            found = (await lead.get(f"/enquiries/{enquiry}")).json()
            return bool(found["unassessed_outcomes"] == 0)

        await eventually(assessed, what="intake consumed the assessment")
        closed = await manager.ok(
            enquiry, "/closure", {"closure_reason": "Outcomes met or the risk managed"}
        )
        after_close = await lead.command(enquiry, "/risks", a_risk())
        reopen_without_reason = await lead.command(enquiry, "/reopening", {"reason": ""})
        await lead.ok(enquiry, "/reopening", {"reason": "She asked for help again"})
        final = (await lead.get(f"/enquiries/{enquiry}")).json()
        timeline = (await lead.get(f"/enquiries/{enquiry}/timeline")).json()

    assert risk["version"] == 3
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "desired_outcomes"
    assert closed["version"] == 7
    assert after_close.status_code == 409
    assert reopen_without_reason.status_code == 422
    assert reopen_without_reason.json()["errors"][0]["field"] == "reason"
    assert final["status"] == "open"
    assert final["concern"]["what_happened"] == a_concern()["what_happened"]
    assert final["communication_preferences"]["in_their_words"] == "Please don't send me letters"
    assert [e["event_type"] for e in timeline["entries"]][-2:] == [
        "intake.EnquiryClosed",
        "intake.EnquiryReopened",
    ]
    assert timeline["entries"][-1]["why"] == "She asked for help again"
    assert timeline["entries"][-2]["who"]["user_id"] == "manager-1"


async def test_a_risk_outside_the_national_lists_is_refused_naming_the_allowed_values(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, runtime), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        enquiry = await lead.open()
        before = await runtime.store.last_position()
        response = await lead.command(enquiry, "/risks", a_risk(location="Mrs B's flat"))
        after = await runtime.store.last_position()

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "location"
    assert "'Own Home'" in error["message"]
    assert "Mrs B" not in response.text
    assert after == before


async def test_a_stale_version_is_a_409_with_the_current_version_and_changes_nothing(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, runtime), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        enquiry = await lead.open()
        await lead.ok(enquiry, "/risks", a_risk())
        before = await runtime.store.last_position()
        stale = await http.post(
            f"/enquiries/{enquiry}/risks",
            json={"expected_version": 2, **a_risk()},
            headers=lead.headers(),
        )

        assert stale.status_code == 409
        assert stale.json()["current_version"] == 3
        assert await runtime.store.last_position() == before


async def test_only_a_manager_decides_section_42_and_no_enquiry_needs_a_routing(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        enquiry = await lead.open()
        by_practitioner = await lead.command(enquiry, "/section-42-decision", three_tests_met())
        no_routing = await lead.acting_as(MANAGER).command(
            enquiry, "/section-42-decision", {**three_tests_met(), "result": "No enquiry"}
        )

    assert by_practitioner.status_code == 403
    assert no_routing.status_code == 422
    assert no_routing.json()["errors"][0]["field"] == "routing"


async def test_a_retry_with_the_same_idempotency_key_never_opens_a_second_enquiry(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        headers = {**lead.headers(), "Idempotency-Key": "referral-2026-0042"}
        body = {"concern": a_concern()}
        first = await http.post("/enquiries", json=body, headers=headers)
        retry = await http.post("/enquiries", json=body, headers=headers)
        caseload = (await lead.get("/enquiries")).json()

    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.json()["enquiry_id"] == first.json()["enquiry_id"]
    assert caseload["total"] == 1


async def test_another_agency_sees_nothing_of_an_enquiry_it_does_not_lead(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, runtime), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        police = lead.acting_as(POLICE)
        enquiry = await lead.open()
        before = await runtime.store.last_position()
        answers = [
            await police.get(f"/enquiries/{enquiry}"),
            await police.get(f"/enquiries/{enquiry}/timeline"),
            await police.get(f"/enquiries/{enquiry}/consents"),
            await police.get(f"/enquiries/{enquiry}/access-log"),
            await police.command(enquiry, "/risks", a_risk()),
        ]
        unknown = await police.get(f"/enquiries/{uuid.uuid4()}")
        caseload = (await police.get("/enquiries")).json()
        asking_for_theirs = (await police.get("/enquiries", agency="adult-social-care")).json()
        after = await runtime.store.last_position()

    assert [a.status_code for a in answers] == [404] * 5
    assert all(a.json() == unknown.json() for a in answers)
    assert caseload == {"items": [], "total": 0, "limit": 50, "offset": 0}
    assert asking_for_theirs["total"] == 0
    assert after == before


async def test_every_view_of_the_record_is_in_the_access_log(settings: Settings) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        enquiry = await lead.open()
        await lead.get(f"/enquiries/{enquiry}")
        await lead.acting_as(MANAGER).get(f"/enquiries/{enquiry}/timeline")
        version = (await lead.get(f"/enquiries/{enquiry}")).json()["version"]
        log = (await lead.get(f"/enquiries/{enquiry}/access-log")).json()

    assert version == 2  # viewing never moves the enquiry's version
    assert [(v["user_id"], v["view"]) for v in log["views"]] == [
        ("practitioner-1", "detail"),
        ("manager-1", "timeline"),
        ("practitioner-1", "detail"),
    ]


async def test_the_lead_moves_to_another_agency_only_when_it_accepts(settings: Settings) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        police = lead.acting_as(POLICE)
        enquiry = await lead.open()
        await lead.ok(enquiry, "/lead-transfer", {"to_agency_id": "police", "reason": "A crime"})
        before_acceptance = await police.get(f"/enquiries/{enquiry}")
        (incoming,) = (await police.get("/lead-transfers/incoming")).json()["items"]
        nothing_for_health = (
            await lead.acting_as(an_actor(agency="health", user="h-1")).get(
                "/lead-transfers/incoming"
            )
        ).json()
        by_health = await lead.acting_as(an_actor(agency="health", user="h-1")).command(
            enquiry, "/lead-transfer/acceptance"
        )
        await police.ok(enquiry, "/lead-transfer/acceptance")
        now_police = (await police.get(f"/enquiries/{enquiry}")).json()
        old_lead = await lead.get(f"/enquiries/{enquiry}")

    assert before_acceptance.status_code == 404
    assert (incoming["enquiry_id"], incoming["version"]) == (enquiry, 3)
    assert "person" not in incoming
    assert nothing_for_health["items"] == []
    assert by_health.status_code == 404
    assert (now_police["lead_agency_id"], now_police["lead_practitioner_id"]) == (
        "police",
        "officer-1",
    )
    assert old_lead.status_code == 404


async def test_the_caseload_filters_by_status_lead_and_risk_type_and_pages(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        other = lead.acting_as(an_actor(agency="adult-social-care", user="practitioner-2"))
        financial = await lead.open()
        await lead.ok(financial, "/risks", a_risk())
        neglect = await lead.open()
        await lead.ok(neglect, "/risks", a_risk(risk_type="Neglect and Acts of Omission"))
        await other.open()

        by_risk = (await lead.get("/enquiries", risk_type="Neglect and Acts of Omission")).json()
        by_lead = (await lead.get("/enquiries", lead_practitioner_id="practitioner-2")).json()
        page = (await lead.get("/enquiries", limit=2, offset=2)).json()
        closed = (await lead.get("/enquiries", status="closed")).json()
        bad = await lead.get("/enquiries", risk_type="Bullying")

    assert [i["enquiry_id"] for i in by_risk["items"]] == [neglect]
    assert by_lead["total"] == 1
    assert (len(page["items"]), page["total"]) == (1, 3)
    assert closed["total"] == 0
    assert bad.status_code == 422


async def test_the_consent_ledger_answers_what_was_in_force_at_a_moment(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        enquiry = await lead.open()
        consent = {
            "recipient_agency_id": "police",
            "purpose": "safeguarding_enquiry",
            "decided_by": "the person",
        }
        await lead.ok(
            enquiry,
            "/consents",
            {
                **consent,
                "decision": "given",
                "capacity_to_consent": True,
                "information_kinds": ["allegation"],
                "decided_at": "2026-01-05T09:00:00Z",
            },
        )
        await lead.ok(
            enquiry,
            "/consents/withdrawal",
            {**consent, "reason": "I changed my mind", "withdrawn_at": "2026-02-01T09:00:00Z"},
        )
        in_january = (
            await lead.get(f"/enquiries/{enquiry}/consents", at="2026-01-20T00:00:00Z")
        ).json()
        now = (await lead.get(f"/enquiries/{enquiry}/consents")).json()
        withdraw_again = await lead.command(enquiry, "/consents/withdrawal", consent)

    assert [c["status"] for c in in_january["in_force"]] == ["given"]
    assert [c["status"] for c in now["in_force"]] == ["withdrawn"]
    assert [h["decision"] for h in now["history"]] == ["given", "withdrawn"]
    assert withdraw_again.status_code == 422


async def test_the_openapi_document_lists_every_endpoint_with_examples(settings: Settings) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        document = (await http.get("/openapi.json")).json()

    schemas = document["components"]["schemas"]

    def has_example(content: dict[str, Any]) -> bool:
        if any("example" in media for media in content.values()):
            return True
        schema = content.get("application/json", {}).get("schema", {})
        ref = schema.get("$ref", "").rpartition("/")[2]
        return bool(ref and schemas[ref].get("examples"))

    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = [r.get("content", {}) for r in operation["responses"].values()]
            body = operation.get("requestBody", {}).get("content", {})
            if not has_example(body) and not any(has_example(a) for a in answers):
                missing.append(f"{method.upper()} {path}")
    assert missing == []
    assert len(document["paths"]) >= 20


async def test_a_person_who_declines_is_monitored_and_can_take_up_the_offer_again(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        enquiry = await lead.open()
        await lead.ok(
            enquiry,
            "/capacity-assessments",
            {
                "decision": "Whether to accept support",
                "outcome": "No, they did not lack capacity",
                "assessor": "practitioner-1",
                "assessed_on": "2026-01-05",
            },
        )
        await lead.ok(
            enquiry,
            "/declined-intervention",
            {"persons_words": "I don't want anything to be done", "next_check_on": "2099-01-01"},
        )
        monitored = (await lead.get("/enquiries", status="monitoring")).json()
        await lead.ok(enquiry, "/declined-intervention/take-up")
        record = (await lead.get(f"/enquiries/{enquiry}")).json()

    assert [i["enquiry_id"] for i in monitored["items"]] == [enquiry]
    assert monitored["items"][0]["next_check_on"] == "2099-01-01"
    assert record["status"] == "open"


async def test_an_ica_shows_as_required_until_one_is_appointed(settings: Settings) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        enquiry = await lead.open()
        await lead.ok(
            enquiry,
            "/capacity-assessments",
            {
                "decision": "Taking part in the enquiry",
                "outcome": "Yes, they lacked capacity",
                "assessor": "Ward psychiatrist",
                "assessed_on": "2026-01-05",
                "fluctuates": True,
            },
        )
        need_id = str(uuid.uuid4())
        await lead.ok(
            enquiry,
            "/advocacy/needs",
            {
                "need_id": need_id,
                "substantial_difficulty": True,
                "appropriate_person_available": False,
                "family_or_friend_to_consult": False,
            },
        )
        required = (await lead.get(f"/enquiries/{enquiry}")).json()
        family = await lead.command(
            enquiry,
            f"/advocacy/needs/{need_id}/appointment",
            {"advocate": {"kind": "family or friend", "name": "A cousin"}},
        )
        await lead.ok(
            enquiry,
            f"/advocacy/needs/{need_id}/appointment",
            {"advocate": {"kind": "independent capacity advocate", "name": "Jo Le Brun"}},
        )
        appointed = (await lead.get(f"/enquiries/{enquiry}")).json()

    assert required["ica_required_until_appointed"] is True
    assert family.status_code == 422
    assert family.json()["errors"][0]["field"] == "kind"
    assert appointed["ica_required_until_appointed"] is False


async def test_a_time_without_its_zone_is_refused_naming_the_field(settings: Settings) -> None:
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        response = await http.post(
            "/enquiries",
            json={"concern": a_concern(raised_at="2026-01-05T09:00:00")},
            headers=lead.headers(),
        )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "concern.raised_at"


async def test_a_risk_id_used_by_another_enquiry_is_refused_naming_the_field_and_changes_nothing(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, runtime), httpx.AsyncClient(base_url=url) as http:
        lead = As(http, settings)
        first, second = await lead.open(), await lead.open()
        risk_id = str(uuid.uuid4())
        await lead.ok(first, "/risks", {**a_risk(), "risk_id": risk_id})
        before = await runtime.store.last_position()
        response = await lead.command(second, "/risks", {**a_risk(), "risk_id": risk_id})
        after = await runtime.store.last_position()
        # The enquiry is untouched and still takes a risk with a fresh id.
        fresh = await lead.command(second, "/risks", a_risk())

    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["field"] == "risk_id"
    assert "another enquiry" in error["message"]
    assert str(first) not in response.text
    assert after == before
    assert fresh.status_code == 200
