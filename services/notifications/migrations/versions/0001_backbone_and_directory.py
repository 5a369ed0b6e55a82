"""The event store, the inbox and the enquiry directory.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from alembic import op

from shared.enquiry_directory import TABLE_NAME, create_enquiry_directory_v1
from shared.migrations import create_backbone_tables_v1, drop_backbone_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_backbone_tables_v1()
    create_enquiry_directory_v1()


def downgrade() -> None:
    op.drop_table(TABLE_NAME)
    drop_backbone_tables_v1()
