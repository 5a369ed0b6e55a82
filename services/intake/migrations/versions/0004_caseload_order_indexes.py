"""Indexes in the caseload's order (lead agency, newest first): a page of 50 read 10,000 rows and
sorted them (8 ms on SQLite with 10,000 enquiries); it now reads its 50.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLE = "intake_enquiries"


def upgrade() -> None:
    op.create_index(
        "ix_intake_enquiries_caseload",
        TABLE,
        ["lead_agency_id", sa.text("opened_at DESC"), "enquiry_id"],
    )
    op.create_index(
        "ix_intake_enquiries_caseload_by_status",
        TABLE,
        ["lead_agency_id", "status", sa.text("opened_at DESC"), "enquiry_id"],
    )
    op.drop_index("ix_intake_enquiries_lead_agency_status", table_name=TABLE)


def downgrade() -> None:
    op.create_index("ix_intake_enquiries_lead_agency_status", TABLE, ["lead_agency_id", "status"])
    op.drop_index("ix_intake_enquiries_caseload_by_status", table_name=TABLE)
    op.drop_index("ix_intake_enquiries_caseload", table_name=TABLE)
