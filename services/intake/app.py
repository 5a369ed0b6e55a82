"""Intake's composition root."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.intake.api import router
from services.intake.tables import enquiry_directory
from shared.contracts import ALL_EVENTS
from shared.enquiry_directory import EnquiryDirectory, directory_router
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import Settings

DEFINITION = ServiceDefinition(
    name="intake",
    description="Owns the enquiry: the concern, the person, consent and closure.",
    registry=ALL_EVENTS,
    migrations=Path(__file__).parent / "migrations",
    publishes=True,
    own_projections=(EnquiryDirectory(enquiry_directory),),
    routers=(router, directory_router(enquiry_directory)),
)


def create_app(settings: Settings) -> FastAPI:
    return ServiceRuntime(DEFINITION, settings).http_app()
