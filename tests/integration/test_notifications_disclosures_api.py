"""Disclosures over real HTTP, on SQLite and PostgreSQL: shared within consent and purpose,
blocked with a reason a practitioner understands, overridden only with a second manager's
approval, and blocked at delivery once consent is withdrawn; the agency inbox and the sharing
log; and a replay that rebuilds every read model as it was."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from services.notifications.app import DEFINITION
from services.notifications.tables import ADDED_0003, CONSUMED, OWN
from shared.auth import Actor, Role
from shared.eventstore.database import Database
from shared.replay import replay
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from shared.sharing import InformationKind as K
from shared.sharing import Purpose
from tests.notifications_builders import LEAD, an_enquiry, consent, preferences, receive, withdrawal
from tests.support import an_actor, bearer, served

pytestmark = pytest.mark.integration

MANAGER = Actor(user_id="manager-1", agency_id=LEAD.agency_id, role=Role.MANAGER)
OFFICER = an_actor(agency="police", user="officer-1")
NURSE = an_actor(agency="health", user="nurse-1")


def quiet(settings: Settings) -> Settings:
    """No SMTP server and one sweep at start only: these tests are about disclosures."""
    return settings.model_copy(
        update={"notifications_smtp_port": 9, "notifications_sweep_interval_s": 3600.0}
    )


async def an_open_enquiry(runtime: ServiceRuntime) -> uuid.UUID:
    enquiry_id = uuid.uuid4()
    earlier = datetime.now(UTC) - timedelta(minutes=5)
    await receive(runtime, *an_enquiry(enquiry_id, at=earlier), preferences(enquiry_id, at=earlier))
    return enquiry_id


async def post(
    http: httpx.AsyncClient, settings: Settings, actor: Actor, path: str, body: Any = None
) -> httpx.Response:
    return await http.post(path, json=body, headers=bearer(settings, actor))


async def get(
    http: httpx.AsyncClient, settings: Settings, actor: Actor, path: str
) -> httpx.Response:
    return await http.get(path, headers=bearer(settings, actor))


async def test_shared_within_consent_and_purpose_seen_only_by_the_recipient_agency(
    settings: Settings,
) -> None:
    settings = quiet(settings)
    async with (
        served(DEFINITION, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url) as http,
    ):
        enquiry_id = await an_open_enquiry(runtime)
        given = datetime.now(UTC) - timedelta(minutes=1)
        await receive(
            runtime,
            consent(
                enquiry_id,
                agency="police",
                purpose=Purpose.CRIMINAL_INVESTIGATION,
                kinds=[K.IDENTITY, K.ALLEGATION, K.HEALTH],
                at=given,
            ),
        )
        asked = {
            "recipient_agency_id": "police",
            "purpose": "criminal_investigation",
            "kinds": ["identity", "allegation", "risks", "health"],
        }
        response = await post(http, settings, LEAD, f"/enquiries/{enquiry_id}/disclosures", asked)
        assert response.status_code == 201, response.text
        disclosure = response.json()
        assert disclosure["stage"] == "shared"

        inbox = (await get(http, settings, OFFICER, "/agency-inbox")).json()
        assert [item["disclosure_id"] for item in inbox] == [disclosure["disclosure_id"]]
        assert inbox[0]["purpose_label"] == "a criminal investigation"
        assert "content" not in inbox[0]
        opened = await get(http, settings, OFFICER, f"/agency-inbox/{disclosure['disclosure_id']}")
        assert opened.status_code == 200
        content = opened.json()["content"]
        assert set(content) == {
            "identity",
            "allegation",
        }  # risks: not consented; health: not needed
        assert content["allegation"]["what_happened"] == (
            "He keeps asking me for money. I don't like to say no."
        )
        assert (await get(http, settings, NURSE, "/agency-inbox")).json() == []
        other = await get(http, settings, NURSE, f"/agency-inbox/{disclosure['disclosure_id']}")
        assert other.status_code == 404

        log = (await get(http, settings, LEAD, f"/enquiries/{enquiry_id}/sharing-log")).json()
        decisions = [(entry["decision"], entry["kinds"]) for entry in log]
        assert decisions == [
            ("requested", ["allegation", "health", "identity", "risks"]),
            ("shared", ["allegation", "identity"]),
            ("withheld", ["health"]),
            ("withheld", ["risks"]),
            ("viewed", ["allegation", "health", "identity", "risks"]),
        ]
        assert log[2]["why"] == "not needed for a criminal investigation"
        assert log[3]["why"] == "not within what the person agreed to share"
        assert log[4]["who"] == OFFICER.user_id
        police_log = await get(http, settings, OFFICER, f"/enquiries/{enquiry_id}/sharing-log")
        assert police_log.status_code == 404

        messages = (await get(http, settings, LEAD, f"/enquiries/{enquiry_id}/messages")).json()
        assert [(m["cause"], m["channel"], m["recipient_kind"]) for m in messages] == [
            ("person_told", "email", "person")
        ]


async def test_blocked_override_approved_by_another_manager_then_withdrawal_blocks_delivery(
    settings: Settings,
) -> None:
    settings = quiet(settings)
    async with (
        served(DEFINITION, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url) as http,
    ):
        enquiry_id = await an_open_enquiry(runtime)
        asked = {
            "recipient_agency_id": "health",
            "purpose": "health_treatment",
            "kinds": ["health"],
        }
        path = f"/enquiries/{enquiry_id}/disclosures"

        blocked = await post(http, settings, LEAD, path, asked)
        assert blocked.status_code == 403
        assert blocked.json()["detail"].startswith(
            "There is no consent to share for their health care with this agency."
        )
        disclosure_id = blocked.json()["disclosure_id"]
        assert (await get(http, settings, NURSE, "/agency-inbox")).json() == []

        override = {
            "ground": "emergency",
            "narrative": "She collapsed at home; the ward needs her history now.",
            "why_not_told": "She is unconscious.",
        }
        on = f"/disclosures/{disclosure_id}"
        assert (await post(http, settings, MANAGER, f"{on}/override", override)).status_code == 200
        same = await post(http, settings, MANAGER, f"{on}/approval")
        assert same.status_code == 403
        assert "other than" in same.json()["detail"]
        by_practitioner = await post(http, settings, LEAD, f"{on}/approval")
        assert by_practitioner.status_code == 403
        second = Actor(user_id="manager-2", agency_id=LEAD.agency_id, role=Role.MANAGER)
        approved = await post(http, settings, second, f"{on}/approval")
        assert approved.json()["stage"] == "override_approved"

        # Consent for this purpose is refused and then withdrawn after the approval.
        await receive(
            runtime,
            withdrawal(
                enquiry_id, agency="health", purpose=Purpose.HEALTH_TREATMENT, at=datetime.now(UTC)
            ),
        )
        refused = await post(http, settings, LEAD, f"{on}/delivery")
        assert refused.status_code == 403
        assert "withdrawn" in refused.json()["detail"]
        assert (await get(http, settings, NURSE, "/agency-inbox")).json() == []

        # A fresh request, overridden and approved, is delivered on the override.
        blocked_again = await post(http, settings, LEAD, path, asked)
        again = f"/disclosures/{blocked_again.json()['disclosure_id']}"
        await post(
            http,
            settings,
            LEAD,
            f"{again}/override",
            {
                **override,
                "why_not_told": None,
                "person_told": "Told her daughter at the hospital, 10:40",
            },
        )
        assert (await post(http, settings, MANAGER, f"{again}/approval")).status_code == 200
        delivered = await post(http, settings, LEAD, f"{again}/delivery")
        assert delivered.status_code == 200, delivered.text
        assert delivered.json()["stage"] == "shared"
        received = (await get(http, settings, NURSE, "/agency-inbox")).json()
        assert [(r["basis"], r["kinds"]) for r in received] == [("override", ["health"])]

        log = (await get(http, settings, LEAD, f"/enquiries/{enquiry_id}/sharing-log")).json()
        assert [entry["decision"] for entry in log] == [
            "requested",
            "blocked",
            "override requested",
            "overridden",
            "blocked",
            "requested",
            "blocked",
            "override requested",
            "overridden",
            "shared",
        ]
        assert log[3]["who"] == "manager-2"
        assert "emergency" in log[3]["why"]

        again_twice = await post(http, settings, LEAD, f"{again}/delivery")
        assert again_twice.status_code == 409

        await assert_replay_rebuilds_every_read_model(runtime)


async def test_bad_requests_name_the_field_and_change_nothing(settings: Settings) -> None:
    settings = quiet(settings)
    async with (
        served(DEFINITION, settings) as (url, runtime),
        httpx.AsyncClient(base_url=url) as http,
    ):
        enquiry_id = await an_open_enquiry(runtime)
        path = f"/enquiries/{enquiry_id}/disclosures"
        empty = await post(
            http,
            settings,
            LEAD,
            path,
            {"recipient_agency_id": "police", "purpose": "criminal_investigation", "kinds": []},
        )
        assert empty.status_code == 422
        assert empty.json()["errors"][0]["field"] == "kinds"
        unknown = await post(
            http,
            settings,
            LEAD,
            path,
            {"recipient_agency_id": "police", "purpose": "gossip", "kinds": ["identity"]},
        )
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["field"] == "purpose"
        other_agency = await post(
            http,
            settings,
            OFFICER,
            path,
            {"recipient_agency_id": "health", "purpose": "health_treatment", "kinds": ["identity"]},
        )
        assert other_agency.status_code == 404
        no_token = await http.post(path, json={})
        assert no_token.status_code == 401
        log = (await get(http, settings, LEAD, f"/enquiries/{enquiry_id}/sharing-log")).json()
        assert log == []


async def rows_of(db: Database) -> dict[str, list[dict[str, Any]]]:
    async with db.read() as conn:
        return {
            table.name: [
                dict(row)
                for row in (
                    await conn.execute(select(table).order_by(*table.primary_key.columns))
                ).mappings()
            ]
            for table in (*CONSUMED, *OWN, *ADDED_0003)
        }


async def assert_replay_rebuilds_every_read_model(runtime: ServiceRuntime) -> None:
    live = await rows_of(runtime.db)
    await replay(runtime.db, DEFINITION)
    assert await rows_of(runtime.db) == live
