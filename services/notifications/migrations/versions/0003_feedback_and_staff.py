"""Feedback requests to deliver (from feedback's events) and the staff directory.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from alembic import op

from services.notifications.tables import ADDED_0003, metadata

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = list(ADDED_0003)


def upgrade() -> None:
    metadata.create_all(bind=op.get_bind(), tables=TABLES)


def downgrade() -> None:
    metadata.drop_all(bind=op.get_bind(), tables=TABLES)
