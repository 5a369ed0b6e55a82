"""The portal's calls to the services, against a real intake: the user's token, and refusals
that become form errors."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import pytest

from services.intake.app import DEFINITION as INTAKE
from services.portal.backend import RecordNotFound, ServiceRefused, Services
from services.portal.forms import FormErrors
from shared.auth import TokenService
from shared.settings import Settings
from tests.support import an_actor, served

pytestmark = pytest.mark.integration


@asynccontextmanager
async def intake_services(settings: Settings) -> AsyncIterator[Services]:
    async with served(INTAKE, settings) as (url, _runtime), httpx.AsyncClient() as client:
        pointed = settings.model_copy(update={"service_urls": {"intake": url}})
        tokens = TokenService(settings.signing_key, ttl=timedelta(minutes=5))
        yield Services(client, pointed, tokens)


async def test_a_command_is_sent_as_the_signed_in_user(settings: Settings) -> None:
    actor = an_actor(agency="police", user="police-officer-7")
    enquiry_id = uuid.uuid4()
    async with intake_services(settings) as services:
        await services.post("intake", "/enquiries", actor, {"enquiry_id": str(enquiry_id)})
        enquiry = await services.get("intake", f"/enquiries/{enquiry_id}", actor)
        with pytest.raises(RecordNotFound):
            await services.get("intake", f"/enquiries/{enquiry_id}", an_actor(agency="health"))

    assert enquiry["lead_agency_id"] == "police"
    assert enquiry["lead_practitioner_id"] == "police-officer-7"


async def test_a_refused_command_becomes_errors_beside_the_forms_fields(settings: Settings) -> None:
    async with intake_services(settings) as services:
        with pytest.raises(ServiceRefused) as refused:
            await services.post("intake", "/enquiries", an_actor(), {"enquiry_id": "not-an-id"})

    errors = FormErrors.from_service(refused.value.body, {"enquiry_id": "reference"})
    assert refused.value.status_code == 422
    assert errors.of("reference") is not None
    assert errors.summary()[0]["href"] == "#reference"


async def test_a_conflict_is_a_refusal_with_the_services_reason(settings: Settings) -> None:
    enquiry_id = str(uuid.uuid4())
    async with intake_services(settings) as services:
        await services.post("intake", "/enquiries", an_actor(), {"enquiry_id": enquiry_id})
        with pytest.raises(ServiceRefused) as refused:
            await services.post("intake", "/enquiries", an_actor(), {"enquiry_id": enquiry_id})

    assert refused.value.status_code == 409
    assert FormErrors.from_service(refused.value.body, {})
