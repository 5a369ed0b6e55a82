"""Intake's composition root."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.intake.api import ROUTERS
from services.intake.commands.chase_advocates import chase_advocates_forever
from services.intake.projections import AccessLog, EnquiryRecord, OutcomeStatus
from shared.contracts import ALL_EVENTS
from shared.messaging.consumer import Subscription
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import Settings

DEFINITION = ServiceDefinition(
    name="intake",
    description="Owns the enquiry: the concern, the person, consent and closure.",
    registry=ALL_EVENTS,
    migrations=Path(__file__).parent / "migrations",
    publishes=True,
    own_projections=(EnquiryRecord(), AccessLog()),
    # A group of its own reads the outcomes stream from the start (DESIGN.md 4.6).
    subscriptions=(
        Subscription(
            source="outcomes", purpose="outcome-assessments", projections=(OutcomeStatus(),)
        ),
    ),
    routers=ROUTERS,
    background=(chase_advocates_forever,),
)


def create_app(settings: Settings) -> FastAPI:
    return ServiceRuntime(DEFINITION, settings).http_app()
