"""Outcomes' read models: leads from intake, the board, the plan (reviews, actions) and views.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from shared.eventstore.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = (
    "actions",
    "desired_outcomes",
    "enquiry_leads",
    "enquiry_outcomes",
    "record_views",
    "review_schedule",
    "reviews",
)


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("action_id", sa.Uuid(), nullable=False),
        sa.Column("enquiry_id", sa.Uuid(), nullable=False),
        sa.Column("outcome_id", sa.Uuid(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=20), nullable=False),
        sa.Column("owner_agency_id", sa.String(length=100), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("report_back", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("overdue_reported", sa.Boolean(), nullable=False),
        sa.Column("overdue_from", sa.Date(), nullable=True),
        sa.Column("agreed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("action_id"),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index("ix_actions_due_on", ["due_on"], unique=False)
        batch_op.create_index("ix_actions_enquiry", ["enquiry_id"], unique=False)
        batch_op.create_index(
            "ix_actions_overdue_from",
            ["overdue_from", "action_id"],
            unique=False,
            postgresql_where=sa.text("overdue_from IS NOT NULL"),
            sqlite_where=sa.text("overdue_from IS NOT NULL"),
        )

    op.create_table(
        "desired_outcomes",
        sa.Column("outcome_id", sa.Uuid(), nullable=False),
        sa.Column("enquiry_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("original_words", sa.Text(), nullable=False),
        sa.Column("expressed_by", sa.String(length=20), nullable=False),
        sa.Column("why_it_matters", sa.Text(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("prompt_category", sa.String(length=60), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        sa.Column("revisions", sa.Integer(), nullable=False),
        sa.Column("not_achievable", sa.Boolean(), nullable=False),
        sa.Column("not_achievable_explanation", sa.Text(), nullable=True),
        sa.Column("persons_response", sa.Text(), nullable=True),
        sa.Column("last_progress", sa.String(length=20), nullable=True),
        sa.Column("achievement", sa.String(length=30), nullable=True),
        sa.Column("persons_view", sa.Text(), nullable=True),
        sa.Column("person_agrees", sa.Boolean(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("outcome_id"),
    )
    with op.batch_alter_table("desired_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_desired_outcomes_enquiry", ["enquiry_id", "recorded_version"], unique=False
        )

    op.create_table(
        "enquiry_leads",
        sa.Column("enquiry_id", sa.Uuid(), nullable=False),
        sa.Column("lead_agency_id", sa.String(length=100), nullable=True),
        sa.Column("lead_practitioner_id", sa.String(length=100), nullable=True),
        sa.Column("lead_version", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("status_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("enquiry_id"),
    )
    with op.batch_alter_table("enquiry_leads", schema=None) as batch_op:
        batch_op.create_index("ix_enquiry_leads_agency", ["lead_agency_id"], unique=False)
        batch_op.create_index(
            "ix_enquiry_leads_practitioner", ["lead_practitioner_id"], unique=False
        )

    op.create_table(
        "enquiry_outcomes",
        sa.Column("enquiry_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("asked_code", sa.String(length=60), nullable=True),
        sa.Column("asked_by", sa.String(length=100), nullable=True),
        sa.Column("asked_whom", sa.String(length=20), nullable=True),
        sa.Column("asked_on", sa.Date(), nullable=True),
        sa.Column("last_review_on", sa.Date(), nullable=True),
        sa.Column("concluded_at", UTCDateTime(), nullable=True),
        sa.Column("fully", sa.Integer(), nullable=True),
        sa.Column("partially", sa.Integer(), nullable=True),
        sa.Column("not_achieved", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("enquiry_id"),
    )
    op.create_table(
        "record_views",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("enquiry_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("agency_id", sa.String(length=100), nullable=False),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("viewed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("record_views", schema=None) as batch_op:
        batch_op.create_index("ix_record_views_enquiry", ["enquiry_id", "viewed_at"], unique=False)

    op.create_table(
        "review_schedule",
        sa.Column("enquiry_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("ended", sa.Boolean(), nullable=False),
        sa.Column("soon_reported", sa.Boolean(), nullable=False),
        sa.Column("overdue_reported", sa.Boolean(), nullable=False),
        sa.Column("soon_from", sa.Date(), nullable=True),
        sa.Column("overdue_from", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("enquiry_id"),
    )
    with op.batch_alter_table("review_schedule", schema=None) as batch_op:
        batch_op.create_index("ix_review_schedule_due_on", ["due_on"], unique=False)
        batch_op.create_index(
            "ix_review_schedule_overdue_from",
            ["overdue_from", "enquiry_id"],
            unique=False,
            postgresql_where=sa.text("overdue_from IS NOT NULL"),
            sqlite_where=sa.text("overdue_from IS NOT NULL"),
        )
        batch_op.create_index(
            "ix_review_schedule_soon_from",
            ["soon_from", "enquiry_id"],
            unique=False,
            postgresql_where=sa.text("soon_from IS NOT NULL"),
            sqlite_where=sa.text("soon_from IS NOT NULL"),
        )

    op.create_table(
        "reviews",
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("enquiry_id", sa.Uuid(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("person_attended", sa.Boolean(), nullable=False),
        sa.Column("advocate_attended", sa.Boolean(), nullable=False),
        sa.Column("persons_view", sa.Text(), nullable=False),
        sa.Column("progress", sa.JSON(), nullable=False),
        sa.Column("next_due_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("review_id"),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index("ix_reviews_enquiry", ["enquiry_id", "held_on"], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)  # their indexes go with them
