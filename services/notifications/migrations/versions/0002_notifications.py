"""Notifications' read models: consent ledger, preferences, case file, leads, facts, disclosures,
agency inbox, sharing log, messages and reminders.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from alembic import op

from services.notifications.tables import CONSUMED, OWN, metadata

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The tables as tables.py defines them at this revision; any later change to them gets a
# revision of its own with explicit operations.
TABLES = [*CONSUMED, *OWN]


def upgrade() -> None:
    metadata.create_all(bind=op.get_bind(), tables=TABLES)


def downgrade() -> None:
    metadata.drop_all(bind=op.get_bind(), tables=TABLES)
