"""Drop intake's copy of the shared enquiry directory: `intake_enquiries` answers every query the
directory did, so keeping both meant a second write per opened enquiry for nothing.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from alembic import op

from shared.enquiry_directory import TABLE_NAME, create_enquiry_directory_v1

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index(f"ix_{TABLE_NAME}_lead_agency_id", table_name=TABLE_NAME)
    op.drop_table(TABLE_NAME)


def downgrade() -> None:
    create_enquiry_directory_v1()
