"""The services over real HTTP: tokens, clear errors, agency scope, the operations endpoints."""

from __future__ import annotations

import uuid

import httpx
import pytest

from services.intake.app import DEFINITION as INTAKE
from services.outcomes.app import DEFINITION as OUTCOMES
from shared.settings import Settings
from tests.support import an_actor, bearer, eventually, served

pytestmark = pytest.mark.integration


async def test_a_command_without_a_valid_token_is_refused_and_changes_nothing(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, runtime), httpx.AsyncClient(base_url=url) as http:
        missing = await http.post("/enquiries", json={})
        forged = await http.post(
            "/enquiries", json={}, headers={"Authorization": "Bearer not.a.token"}
        )

        assert missing.status_code == forged.status_code == 401
        assert "token" in missing.json()["detail"]
        assert await runtime.store.last_position() == 0


async def test_bad_input_is_answered_422_naming_the_field_without_echoing_it(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, runtime), httpx.AsyncClient(base_url=url) as http:
        response = await http.post(
            "/enquiries", json={"enquiry_id": "Mrs B's enquiry"}, headers=bearer(settings)
        )

        assert response.status_code == 422
        (error,) = response.json()["errors"]
        assert error["field"] == "enquiry_id"
        assert "Mrs B" not in response.text
        assert await runtime.store.last_position() == 0


async def test_opening_the_same_enquiry_twice_is_a_409_with_the_current_version(
    settings: Settings,
) -> None:
    enquiry_id = str(uuid.uuid4())
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        first = await http.post(
            "/enquiries", json={"enquiry_id": enquiry_id}, headers=bearer(settings)
        )
        second = await http.post(
            "/enquiries", json={"enquiry_id": enquiry_id}, headers=bearer(settings)
        )

    assert first.status_code == 201
    assert first.json()["version"] == 1
    assert second.status_code == 409
    assert second.json()["current_version"] == 1


async def test_another_agency_cannot_see_an_enquiry_it_does_not_lead(settings: Settings) -> None:
    own, other = an_actor(agency="adult-social-care"), an_actor(agency="police", user="officer-1")
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        created = await http.post("/enquiries", json={}, headers=bearer(settings, own))
        enquiry_id = created.json()["enquiry_id"]

        seen = await http.get(f"/enquiries/{enquiry_id}", headers=bearer(settings, own))
        hidden = await http.get(f"/enquiries/{enquiry_id}", headers=bearer(settings, other))
        others_list = await http.get("/enquiries", headers=bearer(settings, other))

    assert seen.status_code == 200
    assert hidden.status_code == 404
    assert others_list.json()["items"] == []


async def test_an_opened_enquiry_reaches_another_service_s_query_api(settings: Settings) -> None:
    async with (
        served(INTAKE, settings) as (intake_url, _),
        served(OUTCOMES, settings) as (outcomes_url, _),
        httpx.AsyncClient() as http,
    ):
        created = await http.post(f"{intake_url}/enquiries", json={}, headers=bearer(settings))
        enquiry_id = created.json()["enquiry_id"]

        async def outcomes_knows_it() -> bool:
            response = await http.get(
                f"{outcomes_url}/enquiries/{enquiry_id}", headers=bearer(settings)
            )
            return response.status_code == 200

        await eventually(outcomes_knows_it, what="outcomes has the enquiry")


@pytest.mark.parametrize(
    "path", ["/health", "/ready", "/metrics", "/openapi.json", "/asyncapi.json"]
)
async def test_every_operations_endpoint_answers_without_a_token(
    settings: Settings, path: str
) -> None:
    async with served(OUTCOMES, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        response = await http.get(path)

    assert response.status_code == 200


async def test_the_asyncapi_document_names_what_a_service_publishes_and_consumes(
    settings: Settings,
) -> None:
    async with (
        served(INTAKE, settings) as (intake_url, _),
        served(OUTCOMES, settings) as (outcomes_url, _),
        httpx.AsyncClient() as http,
    ):
        published = (await http.get(f"{intake_url}/asyncapi.json")).json()
        consumed = (await http.get(f"{outcomes_url}/asyncapi.json")).json()

    sent = [
        published["channels"][operation["channel"]["$ref"].rpartition("/")[2]]["address"]
        for operation in published["operations"].values()
        if operation["action"] == "send"
    ]
    assert sent == ["msp.intake.events"]
    channels = consumed["channels"].values()
    groups = {
        c["bindings"]["redis"]["groupName"]
        for c in channels
        if "groupName" in c["bindings"]["redis"]
    }
    assert groups == {"outcomes.enquiries"}
    assert "msp.outcomes.events" in {c["address"] for c in channels}  # outcomes publishes too


async def test_ready_says_which_dependency_is_down(settings: Settings) -> None:
    async with (
        served(OUTCOMES, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url) as http,
    ):
        await runtime.db.dispose()
        runtime.db.reader = runtime.db.writer = __import__(
            "sqlalchemy.ext.asyncio"
        ).ext.asyncio.create_async_engine("sqlite+aiosqlite:////nonexistent/dir/x.db")
        response = await http.get("/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("unavailable")
    assert response.json()["checks"]["redis"] == "ok"
