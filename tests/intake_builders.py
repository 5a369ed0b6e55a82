"""Builders for intake's API tests: command bodies and an HTTP client acting as one user."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from redis.asyncio import Redis
from sqlalchemy import Table, select

from services.intake.app import DEFINITION as INTAKE
from services.intake.tables import outcome_status
from shared.auth import Actor, Role
from shared.contracts import outcomes
from shared.events import DomainEvent, EventEnvelope
from shared.messaging import wire
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.support import an_actor, bearer

PRACTITIONER = an_actor(agency="adult-social-care", user="practitioner-1")
MANAGER = an_actor(agency="adult-social-care", user="manager-1", role=Role.MANAGER)
POLICE = an_actor(agency="police", user="officer-1")
POSITIONS = itertools.count(1)


def a_concern(**changes: Any) -> dict[str, Any]:
    concern: dict[str, Any] = {
        "referrer": {"name": "Pat Jones", "role": "Community nurse", "agency": "Health"},
        "raised_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "what_happened": "He keeps asking me for money. I don't like to say no.",
        "person": {
            "name": "Joyce",
            "date_of_birth": "1941-03-14",
            "primary_support_reason": "Sensory Support",
        },
        "alleged_source_of_harm": {"relationship": "neighbour"},
    }
    return {**concern, **changes}


def a_risk(**changes: Any) -> dict[str, Any]:
    return {
        "risk_type": "Financial or Material Abuse",
        "location": "Own Home",
        "source": "Other - Known to individual",
        **changes,
    }


def three_tests_met() -> dict[str, Any]:
    return {
        "needs_care_and_support": {"met": True, "reason": "Sight loss"},
        "experiencing_or_at_risk_of_abuse": {"met": True, "reason": "Asked for money"},
        "unable_to_protect_themselves": {"met": True, "reason": "Cannot say no"},
        "result": "Section 42 enquiry",
    }


@dataclass
class As:
    """An HTTP client acting as one user, following the enquiry's version as it changes."""

    http: httpx.AsyncClient
    settings: Settings
    actor: Actor = PRACTITIONER
    versions: dict[str, int] = field(default_factory=dict)

    def headers(self) -> dict[str, str]:
        return bearer(self.settings, self.actor)

    def acting_as(self, actor: Actor) -> As:
        return As(self.http, self.settings, actor, self.versions)

    async def open(self, concern: dict[str, Any] | None = None) -> str:
        body = {"concern": concern or a_concern()}
        response = await self.http.post("/enquiries", json=body, headers=self.headers())
        assert response.status_code == 201, response.text
        enquiry_id: str = response.json()["enquiry_id"]
        self.versions[enquiry_id] = response.json()["version"]
        return enquiry_id

    async def command(
        self, enquiry_id: str, path: str, body: dict[str, Any] | None = None, method: str = "POST"
    ) -> httpx.Response:
        payload = {"expected_version": self.versions.get(enquiry_id, 1), **(body or {})}
        response = await self.http.request(
            method, f"/enquiries/{enquiry_id}{path}", json=payload, headers=self.headers()
        )
        if response.status_code == 200:
            self.versions[enquiry_id] = response.json()["version"]
        return response

    async def ok(
        self, enquiry_id: str, path: str, body: dict[str, Any] | None = None, method: str = "POST"
    ) -> dict[str, Any]:
        response = await self.command(enquiry_id, path, body, method)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.http.get(path, params=params, headers=self.headers())


async def publish_from_outcomes(redis: Redis, *events: DomainEvent) -> None:
    """Put outcomes facts on `msp.outcomes.events` as its relay would."""
    for event in events:
        number = next(POSITIONS)
        envelope = EventEnvelope(
            event_id=uuid.uuid4(),
            event_type=event.event_type,
            schema_version=event.schema_version,
            stream_id=str(getattr(event, "enquiry_id", "")),
            version=number,
            position=number,
            occurred_at=datetime.now(UTC),
            actor=MANAGER,
            correlation_id=str(uuid.uuid4()),
            payload=event.model_dump(mode="json"),
        )
        await redis.xadd(outcomes.STREAM, await wire.encode(envelope))  # type: ignore[arg-type]


def outcome_recorded(enquiry_id: str, outcome_id: uuid.UUID) -> outcomes.DesiredOutcomeRecorded:
    return outcomes.DesiredOutcomeRecorded(
        enquiry_id=uuid.UUID(enquiry_id),
        outcome_id=outcome_id,
        words="I want him to stop asking me for money but keep visiting",
        expressed_by="person",
        recorded_at=datetime.now(UTC),
    )


def outcome_assessed(enquiry_id: str, outcome_id: uuid.UUID) -> outcomes.OutcomeAssessed:
    return outcomes.OutcomeAssessed(
        enquiry_id=uuid.UUID(enquiry_id),
        outcome_id=outcome_id,
        achievement=outcomes.Achievement.FULLY,
        persons_view="He hasn't asked since I spoke to him",
        person_agrees=True,
        assessed_at=datetime.now(UTC),
    )


async def read_models(runtime: ServiceRuntime) -> dict[str, list[dict[str, Any]]]:
    """Every row of every intake read model (its own and the one it keeps from outcomes)."""
    tables: list[Table] = [t for p in INTAKE.own_projections for t in p.tables]
    tables.append(outcome_status)
    result = {}
    async with runtime.db.read() as conn:
        for table in tables:
            rows = await conn.execute(select(table).order_by(*table.primary_key.columns))
            result[table.name] = [dict(r) for r in rows.mappings()]
    return result
