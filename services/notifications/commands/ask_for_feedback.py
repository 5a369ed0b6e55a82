"""The request for feedback to the person and/or their representative, built when the lead
practitioner's reminder for `feedback.FeedbackRequested` is: one append, so exactly once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from services.notifications.commands.reads import case_file_of, reach_of
from services.notifications.domain.feedback_requests import (
    FeedbackAsk,
    ask_for_feedback,
    routes_for,
)
from services.notifications.domain.reminders import Fact
from services.notifications.tables import feedback_requests
from shared.contracts.feedback import Addressee, FeedbackRequested, WayToAsk
from shared.contracts.notifications import MessageQueued
from shared.runtime import ServiceRuntime


async def feedback_messages(
    runtime: ServiceRuntime, fact: Fact, *, now: datetime
) -> list[MessageQueued]:
    """None for any other fact."""
    if fact.fact_type != FeedbackRequested.event_type:
        return []
    async with runtime.db.read() as conn:
        row = (
            (
                await conn.execute(
                    select(feedback_requests).where(feedback_requests.c.fact_id == fact.event_id)
                )
            )
            .mappings()
            .first()
        )
    if row is None:
        return []
    ask = FeedbackAsk(
        request_id=row["request_id"],
        addressee=Addressee(row["addressee"]),
        way_to_ask=WayToAsk(row["way_to_ask"]) if row["way_to_ask"] else None,
        easy_read=row["easy_read"],
        ask_not_by=row["ask_not_by"],
    )
    prefs, addresses = await reach_of(
        runtime, fact.enquiry_id, await case_file_of(runtime, fact.enquiry_id)
    )
    return ask_for_feedback(
        fact_id=fact.event_id,
        enquiry_id=fact.enquiry_id,
        agency_id=fact.lead_agency_id,
        lead_practitioner_id=fact.lead_practitioner_id,
        due_on=fact.due_on,
        routes=routes_for(ask, prefs, addresses),
        now=now,
    )
