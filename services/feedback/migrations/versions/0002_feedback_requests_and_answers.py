"""Feedback requests, closure decisions, links, answers, record views; closures and reopenings
received from intake. Written out in full, so that later changes to `tables.py` need (and get)
migrations of their own.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from alembic import op
from sqlalchemy import BigInteger, Boolean, Column, Integer, SmallInteger, String, Text, Uuid

from shared.eventstore.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enquiry_closures",
        Column("closure_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("lead_agency_id", String(100), nullable=False),
        Column("lead_practitioner_id", String(100), nullable=False),
        Column("closed_at", UTCDateTime(), nullable=False),
        Column("correlation_id", String(64), nullable=False),
        Column("source_position", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
    )
    op.create_index("ix_enquiry_closures_enquiry_id", "enquiry_closures", ["enquiry_id"])
    op.create_index("ix_enquiry_closures_source_position", "enquiry_closures", ["source_position"])
    op.create_table(
        "enquiry_reopenings",
        Column("reopening_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("reopened_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_enquiry_reopenings_enquiry_id", "enquiry_reopenings", ["enquiry_id"])
    op.create_table(
        "feedback_closure_decisions",
        Column("closure_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("decision", String(30), nullable=False),
        Column("request_id", Uuid),
    )
    op.create_table(
        "feedback_requests",
        Column("request_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("lead_agency_id", String(100), nullable=False),
        Column("status", String(20), nullable=False),
        Column("addressee", String(20), nullable=False),
        Column("way_to_ask", String(20)),
        Column("easy_read", Boolean, nullable=False),
        Column("ask_not_by", String(100), nullable=False),
        Column("closed_at", UTCDateTime(), nullable=False),
        Column("requested_at", UTCDateTime(), nullable=False),
        Column("due_at", UTCDateTime(), nullable=False),
        Column("person_answered", Boolean, nullable=False),
        Column("representative_answered", Boolean, nullable=False),
        Column("refused_by", String(20)),
        Column("ended_at", UTCDateTime()),
    )
    op.create_index("ix_feedback_requests_enquiry_id", "feedback_requests", ["enquiry_id"])
    op.create_index(
        "ix_feedback_requests_agency_status", "feedback_requests", ["lead_agency_id", "status"]
    )
    op.create_index("ix_feedback_requests_status_due", "feedback_requests", ["status", "due_at"])
    op.create_table(
        "feedback_links",
        Column("token_sha256", String(64), primary_key=True),
        Column("request_id", Uuid, nullable=False),
        Column("enquiry_id", Uuid, nullable=False),
        Column("respondent", String(20), nullable=False),
        Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "feedback_answers",
        Column("answers_id", Uuid, primary_key=True),
        Column("request_id", Uuid),
        Column("enquiry_id", Uuid),
        Column("agency_id", String(100), nullable=False),
        Column("period", String(7), nullable=False),
        Column("anonymous", Boolean, nullable=False),
        Column("respondent", String(20), nullable=False),
        Column("channel", String(20), nullable=False),
        Column("easy_read", Boolean, nullable=False),
        Column("recorded_by", String(100)),
        Column("asked_by_enquiry_lead", Boolean, nullable=False),
        Column("why_the_lead_asked", Text),
        Column("received_at", UTCDateTime()),
        Column("asked_what_they_wanted", String(10)),
        Column("did_it_happen", String(10)),
        Column("listened_to", String(10)),
        Column("involved_in_decisions", String(10)),
        Column("feel_safer", String(10)),
        Column("satisfaction", SmallInteger),
        Column("what_would_have_made_it_better", Text),
    )
    op.create_index("ix_feedback_answers_request_id", "feedback_answers", ["request_id"])
    op.create_index(
        "ix_feedback_answers_agency_period", "feedback_answers", ["agency_id", "period"]
    )
    op.create_table(
        "feedback_record_views",
        Column("view_event_id", Uuid, primary_key=True),
        Column("request_id", Uuid, nullable=False),
        Column("enquiry_id", Uuid, nullable=False),
        Column("viewer_user_id", String(100), nullable=False),
        Column("viewer_agency_id", String(100), nullable=False),
        Column("viewed_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_feedback_record_views_request_id", "feedback_record_views", ["request_id"])


def downgrade() -> None:
    for table in (
        "feedback_record_views",
        "feedback_answers",
        "feedback_links",
        "feedback_requests",
        "feedback_closure_decisions",
        "enquiry_reopenings",
        "enquiry_closures",
    ):
        op.drop_table(table)
