"""The outcomes service's read models. Each is kept by one projection (`projections/`) and can be
rebuilt from events by `msp replay outcomes`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    text,
)

from shared.enquiry_directory import directory_table
from shared.eventstore.types import UTCDateTime

metadata = MetaData()


def _pending(column: str) -> dict[str, Any]:
    """Partial index: only the rows still to be reported, so the index stays as small as the
    work the sweeper has left, however many reviews and actions are stored."""
    condition = text(f"{column} IS NOT NULL")
    return {"postgresql_where": condition, "sqlite_where": condition}


enquiry_directory = directory_table(metadata)

# From intake's facts: who leads each enquiry now, and whether it is closed. Every outcomes query
# is scoped by `lead_agency_id`; the versions keep the latest fact when deliveries overtake.
enquiry_leads = Table(
    "enquiry_leads",
    metadata,
    Column("enquiry_id", Uuid, primary_key=True),
    Column("lead_agency_id", String(100)),
    Column("lead_practitioner_id", String(100)),
    Column("lead_version", Integer, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("status_version", Integer, nullable=False),
    Index("ix_enquiry_leads_agency", "lead_agency_id"),
    Index("ix_enquiry_leads_practitioner", "lead_practitioner_id"),
)

enquiry_outcomes = Table(
    "enquiry_outcomes",
    metadata,
    Column("enquiry_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("asked_code", String(60)),
    Column("asked_by", String(100)),
    Column("asked_whom", String(20)),
    Column("asked_on", Date),
    Column("last_review_on", Date),
    Column("concluded_at", UTCDateTime()),
    Column("fully", Integer),
    Column("partially", Integer),
    Column("not_achieved", Integer),
)

desired_outcomes = Table(
    "desired_outcomes",
    metadata,
    Column("outcome_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False),
    Column("recorded_version", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("words", Text, nullable=False),
    Column("original_words", Text, nullable=False),
    Column("expressed_by", String(20), nullable=False),
    Column("why_it_matters", Text),
    Column("rank", Integer),
    Column("prompt_category", String(60)),
    Column("status", String(20), nullable=False),
    Column("withdrawn_reason", Text),
    Column("revisions", Integer, nullable=False),
    Column("not_achievable", Boolean, nullable=False),
    Column("not_achievable_explanation", Text),
    Column("persons_response", Text),
    Column("last_progress", String(20)),
    Column("achievement", String(30)),
    Column("persons_view", Text),
    Column("person_agrees", Boolean),
    Column("recorded_at", UTCDateTime(), nullable=False),
    Column("changed_at", UTCDateTime(), nullable=False),
    Index("ix_desired_outcomes_enquiry", "enquiry_id", "recorded_version"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("review_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False),
    Column("held_on", Date, nullable=False),
    Column("attendees", JSON, nullable=False),
    Column("person_attended", Boolean, nullable=False),
    Column("advocate_attended", Boolean, nullable=False),
    Column("persons_view", Text, nullable=False),
    Column("progress", JSON, nullable=False),
    Column("next_due_on", Date, nullable=False),
    Column("recorded_at", UTCDateTime(), nullable=False),
    Index("ix_reviews_enquiry", "enquiry_id", "held_on"),
)

# The next review of each enquiry. `soon_from` / `overdue_from`: the day from which the sweeper
# reports it, NULL once reported or while nothing is to be reported (see domain/due.py).
review_schedule = Table(
    "review_schedule",
    metadata,
    Column("enquiry_id", Uuid, primary_key=True),
    Column("due_on", Date),
    Column("ended", Boolean, nullable=False),
    Column("soon_reported", Boolean, nullable=False),
    Column("overdue_reported", Boolean, nullable=False),
    Column("soon_from", Date),
    Column("overdue_from", Date),
    Index("ix_review_schedule_soon_from", "soon_from", "enquiry_id", **_pending("soon_from")),
    Index(
        "ix_review_schedule_overdue_from", "overdue_from", "enquiry_id", **_pending("overdue_from")
    ),
    Index("ix_review_schedule_due_on", "due_on"),
)

actions = Table(
    "actions",
    metadata,
    Column("action_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False),
    Column("outcome_id", Uuid, nullable=False),
    Column("what", Text, nullable=False),
    Column("owner", String(20), nullable=False),
    Column("owner_agency_id", String(100)),
    Column("due_on", Date, nullable=False),
    Column("report_back", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("cancel_reason", Text),
    Column("overdue_reported", Boolean, nullable=False),
    Column("overdue_from", Date),
    Column("agreed_at", UTCDateTime(), nullable=False),
    Index("ix_actions_enquiry", "enquiry_id"),
    Index("ix_actions_overdue_from", "overdue_from", "action_id", **_pending("overdue_from")),
    Index("ix_actions_due_on", "due_on"),
)

record_views = Table(
    "record_views",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False),
    Column("user_id", String(100), nullable=False),
    Column("agency_id", String(100), nullable=False),
    Column("what", String(20), nullable=False),
    Column("viewed_at", UTCDateTime(), nullable=False),
    Index("ix_record_views_enquiry", "enquiry_id", "viewed_at"),
)
