"""`msp demo-data`: the toolkit's three case studies, with their histories, loaded over HTTP."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from services.intake.app import DEFINITION as INTAKE
from shared.auth import Role
from shared.demo import JOYCE, MRS_T, SAM, load_demo_data
from shared.replay import replay
from shared.settings import Settings
from tests.intake_builders import read_models
from tests.support import an_actor, bearer, served

pytestmark = pytest.mark.integration


async def test_the_case_studies_load_with_their_histories_and_loading_again_changes_nothing(
    settings: Settings,
) -> None:
    async with served(INTAKE, settings) as (url, runtime), httpx.AsyncClient(base_url=url) as http:
        pointed = settings.model_copy(update={"service_urls": {"intake": url}})
        first = await asyncio.to_thread(load_demo_data, pointed)
        events_after_first = await runtime.store.last_position()
        second = await asyncio.to_thread(load_demo_data, pointed)
        events_after_second = await runtime.store.last_position()
        reader = bearer(settings, an_actor(agency="adult-social-care", role=Role.MANAGER))
        joyce, sam, mrs_t = [
            (await http.get(f"/enquiries/{demo.enquiry_id}", headers=reader)).json()
            for demo in (JOYCE, SAM, MRS_T)
        ]
        caseload = (await http.get("/enquiries", headers=reader)).json()
        live = await read_models(runtime)
        await replay(runtime.db, INTAKE)
        replayed = await read_models(runtime)

    assert first == (5, 0)
    assert second == (0, 5)
    assert events_after_second == events_after_first
    assert joyce["status"] == "closed"
    assert joyce["communication_preferences"]["contact_refused"] == ["letter"]
    assert sam["status"] == "open"
    assert sam["advocacy"][0]["advocate"]["kind"] == "independent advocate"
    assert mrs_t["status"] == "closed"
    assert [p["resume_reason"] is not None for p in mrs_t["pauses"]] == [True]
    assert mrs_t["advocacy"][0]["ica_required"] is True
    assert caseload["total"] == 3
    assert replayed == live
