"""The feedback service's composition root."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.feedback.api import board_report, link, questions, requests
from services.feedback.projections.answers import FeedbackAnswers
from services.feedback.projections.closures import EnquiryClosures
from services.feedback.projections.conclusions import OutcomesConclusions
from services.feedback.projections.report_facts import IntakeReportFacts
from services.feedback.projections.requests import FeedbackRequests
from services.feedback.projections.reviews_overdue import ReviewsOverdue
from services.feedback.sweeper import feedback_sweeper
from services.feedback.tables import enquiry_directory
from shared.contracts import ALL_EVENTS
from shared.enquiry_directory import EnquiryDirectory, directory_router
from shared.messaging.consumer import Subscription
from shared.runtime import ServiceDefinition, ServiceRuntime
from shared.settings import Settings

DEFINITION = ServiceDefinition(
    name="feedback",
    description="Owns the feedback request at closure, the answers, and the Safeguarding Partnership Board report.",
    registry=ALL_EVENTS,
    migrations=Path(__file__).parent / "migrations",
    publishes=True,
    own_projections=(FeedbackRequests(), FeedbackAnswers()),
    subscriptions=(
        Subscription(
            source="intake", purpose="enquiries", projections=(EnquiryDirectory(enquiry_directory),)
        ),
        # A group of its own, created at 0: it reads every closure intake ever published, even
        # those the `enquiries` group acked before this projection existed.
        Subscription(source="intake", purpose="closures", projections=(EnquiryClosures(),)),
        Subscription(
            source="outcomes", purpose="conclusions", projections=(OutcomesConclusions(),)
        ),
        # The board report's facts: groups of their own, created at 0, so a deployment that
        # adds them reads every concern, decision and risk published before.
        Subscription(source="intake", purpose="report", projections=(IntakeReportFacts(),)),
        Subscription(source="outcomes", purpose="reviews", projections=(ReviewsOverdue(),)),
    ),
    routers=(
        directory_router(enquiry_directory),
        requests.router,
        questions.router,
        link.router,
        board_report.router,
    ),
    background=(feedback_sweeper,),
)


def create_app(settings: Settings) -> FastAPI:
    return ServiceRuntime(DEFINITION, settings).http_app()
