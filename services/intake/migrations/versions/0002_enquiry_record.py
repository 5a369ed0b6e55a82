"""The enquiry record, its risks, the access log and what intake knows of desired outcomes.

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

POSITION = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "intake_enquiries",
        sa.Column("enquiry_id", sa.Uuid, primary_key=True),
        sa.Column("lead_agency_id", sa.String(100), nullable=False),
        sa.Column("lead_practitioner_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("person_name", sa.String(200)),
        sa.Column("section_42_result", sa.String(50)),
        sa.Column("advocate_needed_since", UTCDateTime()),
        sa.Column("advocate_chased", sa.Boolean, nullable=False),
        sa.Column("ica_outstanding", sa.Boolean, nullable=False),
        sa.Column("timescales_paused", sa.Boolean, nullable=False),
        sa.Column("next_check_on", sa.Date),
        sa.Column("pending_transfer_to", sa.String(100)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("last_changed_at", UTCDateTime(), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index(
        "ix_intake_enquiries_lead_agency_status", "intake_enquiries", ["lead_agency_id", "status"]
    )
    op.create_index(
        "ix_intake_enquiries_advocate_needed_since", "intake_enquiries", ["advocate_needed_since"]
    )
    op.create_table(
        "intake_enquiry_risks",
        sa.Column("risk_id", sa.Uuid, primary_key=True),
        sa.Column("enquiry_id", sa.Uuid, nullable=False),
        sa.Column("risk_type", sa.String(100), nullable=False),
        sa.Column("location", sa.String(100), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
    )
    op.create_index("ix_intake_enquiry_risks_enquiry_id", "intake_enquiry_risks", ["enquiry_id"])
    op.create_table(
        "intake_access_log",
        sa.Column("position", POSITION, primary_key=True),
        sa.Column("enquiry_id", sa.Uuid, nullable=False),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("agency_id", sa.String(100), nullable=False),
        sa.Column("role", sa.String(50), nullable=False),
        sa.Column("view", sa.String(50), nullable=False),
        sa.Column("viewed_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_intake_access_log_enquiry_id", "intake_access_log", ["enquiry_id"])
    op.create_table(
        "intake_outcome_status",
        sa.Column("enquiry_id", sa.Uuid, primary_key=True),
        sa.Column("outcome_id", sa.Uuid, primary_key=True),
        sa.Column("recorded", sa.Boolean, nullable=False),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
        sa.Column("assessed", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "intake_outcome_status",
        "intake_access_log",
        "intake_enquiry_risks",
        "intake_enquiries",
    ):
        op.drop_table(table)
