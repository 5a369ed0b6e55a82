"""(a) Two writers at the same version: exactly one commits; the other is told the current one."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from services.intake import domain
from services.intake.app import DEFINITION as INTAKE
from shared.eventstore.database import Database
from shared.eventstore.errors import ConcurrencyError
from shared.eventstore.store import EventStore
from shared.settings import Settings
from tests.support import a_correlation_id, an_actor, bearer, migrate, served

pytestmark = pytest.mark.reliability


async def test_two_writers_at_one_version_one_commits_and_the_other_gets_a_concurrency_error(
    settings: Settings,
) -> None:
    await migrate(INTAKE, settings)
    url = settings.database_url_for("intake")
    databases = [Database(url), Database(url)]  # two connection pools: two real transactions
    stores = [EventStore(db, service="intake", registry=INTAKE.registry) for db in databases]
    stream = str(uuid.uuid4())

    async def write(store: EventStore) -> object:
        events = domain.open_enquiry(
            enquiry_id=uuid.UUID(stream), actor=an_actor(), now=datetime.now(UTC)
        )
        return await store.append(
            stream, 0, events, actor=an_actor(), correlation_id=a_correlation_id()
        )

    results = await asyncio.gather(*(write(s) for s in stores), return_exceptions=True)

    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == 1
    assert isinstance(errors[0], ConcurrencyError)
    assert errors[0].actual_version == 1
    assert len(await stores[0].load(stream)) == 1
    for store, db in zip(stores, databases, strict=True):
        await store.close()
        await db.dispose()


async def test_over_http_the_losing_writer_gets_409_with_the_current_version(
    settings: Settings,
) -> None:
    enquiry_id = str(uuid.uuid4())
    async with served(INTAKE, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        responses = await asyncio.gather(
            *(
                http.post("/enquiries", json={"enquiry_id": enquiry_id}, headers=bearer(settings))
                for _ in range(2)
            )
        )

    assert sorted(r.status_code for r in responses) == [201, 409]
    conflict = next(r for r in responses if r.status_code == 409)
    assert conflict.json()["current_version"] == 1
    assert conflict.json()["stream_id"] == enquiry_id
