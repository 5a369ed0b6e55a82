"""Intake's and outcomes' reporting facts, received for the board report.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from alembic import op
from sqlalchemy import Column, Date, String, Uuid

from shared.eventstore.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_concerns",
        Column("enquiry_id", Uuid, primary_key=True),
        Column("raised_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_report_concerns_raised_at", "report_concerns", ["raised_at"])
    op.create_table(
        "report_section42",
        Column("decision_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("result", String(40), nullable=False),
        Column("decided_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_report_section42_enquiry_id", "report_section42", ["enquiry_id"])
    op.create_index("ix_report_section42_decided_at", "report_section42", ["decided_at"])
    op.create_table(
        "report_risks",
        Column("risk_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("risk_type", String(60), nullable=False),
        Column("location", String(60), nullable=False),
        Column("source", String(60), nullable=False),
        Column("assessment_outcome", String(80)),
        Column("risk_outcome", String(40)),
    )
    op.create_index("ix_report_risks_enquiry_id", "report_risks", ["enquiry_id"])
    op.create_table(
        "report_capacity",
        Column("assessment_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("outcome", String(40), nullable=False),
    )
    op.create_index("ix_report_capacity_enquiry_id", "report_capacity", ["enquiry_id"])
    op.create_table(
        "report_advocates",
        Column("appointment_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("kind", String(40), nullable=False),
    )
    op.create_index("ix_report_advocates_enquiry_id", "report_advocates", ["enquiry_id"])
    op.create_table(
        "report_reviews_overdue",
        Column("overdue_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("lead_agency_id", String(100), nullable=False),
        Column("due_on", Date, nullable=False),
    )
    op.create_index("ix_report_reviews_overdue_due_on", "report_reviews_overdue", ["due_on"])
    # The report joins closures to these by enquiry and scopes them by the closing time.
    op.create_index("ix_enquiry_closures_closed_at", "enquiry_closures", ["closed_at"])


def downgrade() -> None:
    op.drop_index("ix_enquiry_closures_closed_at", "enquiry_closures")
    for table in (
        "report_reviews_overdue",
        "report_advocates",
        "report_capacity",
        "report_risks",
        "report_section42",
        "report_concerns",
    ):
        op.drop_table(table)
