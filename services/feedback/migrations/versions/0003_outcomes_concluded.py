"""Outcomes' conclusions, received for the board report.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from alembic import op
from sqlalchemy import Column, Integer, String, Uuid

from shared.eventstore.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcomes_concluded",
        Column("conclusion_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("lead_agency_id", String(100), nullable=False),
        Column("asked_code", String(100), nullable=False),
        Column("fully", Integer, nullable=False),
        Column("partially", Integer, nullable=False),
        Column("not_achieved", Integer, nullable=False),
        Column("concluded_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_outcomes_concluded_enquiry_id", "outcomes_concluded", ["enquiry_id"])
    op.create_index("ix_outcomes_concluded_concluded_at", "outcomes_concluded", ["concluded_at"])


def downgrade() -> None:
    op.drop_table("outcomes_concluded")
