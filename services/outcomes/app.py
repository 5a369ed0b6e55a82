"""The outcomes service's composition root."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.outcomes.api.commands import router as commands
from services.outcomes.api.queries import router as queries
from services.outcomes.projections.board import OutcomeBoard
from services.outcomes.projections.leads import EnquiryLeads
from services.outcomes.projections.plans import Plans
from services.outcomes.projections.views import RecordViews
from services.outcomes.sweeper import sweep_forever
from services.outcomes.tables import enquiry_directory
from shared.clock import Clock
from shared.contracts import ALL_EVENTS
from shared.enquiry_directory import EnquiryDirectory, directory_router
from shared.messaging.consumer import Subscription
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import Settings

DEFINITION = ServiceDefinition(
    name="outcomes",
    description="Owns the person's desired outcomes in their own words, reviews, actions and final assessments.",
    registry=ALL_EVENTS,
    migrations=Path(__file__).parent / "migrations",
    publishes=True,
    own_projections=(OutcomeBoard(), Plans(), RecordViews()),
    subscriptions=(
        # One group for intake's facts: the directory (shared) and who leads each enquiry now,
        # whether it is closed (outcomes' own scope and sweeping).
        Subscription(
            source="intake",
            purpose="enquiries",
            projections=(EnquiryDirectory(enquiry_directory), EnquiryLeads()),
        ),
    ),
    routers=(directory_router(enquiry_directory), commands, queries),
    background=(sweep_forever,),
)


def create_app(settings: Settings, clock: Clock | None = None) -> FastAPI:
    return ServiceRuntime(DEFINITION, settings, clock=clock).http_app()
