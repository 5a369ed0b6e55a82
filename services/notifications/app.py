"""The notifications service's composition root."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.notifications.api import ROUTERS
from services.notifications.commands.sweep import sweep_forever
from services.notifications.projections import (
    CaseFile,
    ConsentLedger,
    Disclosures,
    DueFacts,
    Messages,
    Staff,
)
from services.notifications.tables import enquiry_directory
from shared.contracts import ALL_EVENTS
from shared.enquiry_directory import EnquiryDirectory, directory_router
from shared.messaging.consumer import Subscription
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import Settings

DUE_FACTS = DueFacts()

DEFINITION = ServiceDefinition(
    name="notifications",
    description="Owns reminders, delivery and every disclosure of personal data to another agency, gated by consent.",
    registry=ALL_EVENTS,
    migrations=Path(__file__).parent / "migrations",
    publishes=True,
    own_projections=(Disclosures(), Messages(), Staff()),
    # Groups of their own read intake's, outcomes' and feedback's streams from the start
    # (DESIGN.md 4.6). The directory (what `GET /enquiries/{id}` answers from) and the leads (a
    # disclosure's scope, in CaseFile) are kept by one group in one transaction: in two groups,
    # each at its own position, the service could answer 200 for an enquiry and 404 to a
    # disclosure on it a moment later (docs/notifications.md).
    subscriptions=(
        Subscription(
            source="intake",
            purpose="consent-and-reminders",
            projections=(
                EnquiryDirectory(enquiry_directory),
                CaseFile(),
                ConsentLedger(),
                DUE_FACTS,
            ),
        ),
        Subscription(source="outcomes", purpose="reminders", projections=(CaseFile(), DUE_FACTS)),
        Subscription(source="feedback", purpose="feedback-requests", projections=(DUE_FACTS,)),
    ),
    routers=(directory_router(enquiry_directory), *ROUTERS),
    background=(sweep_forever,),
    # Kept the directory alone until 2026-11-27; now `consent-and-reminders` keeps it.
    retired=(("intake", "enquiries"),),
)


def create_app(settings: Settings) -> FastAPI:
    return ServiceRuntime(DEFINITION, settings).http_app()
