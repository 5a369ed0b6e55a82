"""Feedback requests, links, answers, record views; closures and reopenings from intake.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from alembic import op

from services.feedback import tables

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Created from the table definitions as they stand at this revision; a later change to a
# table gets a migration of its own that alters it.
NEW_TABLES = (
    tables.enquiry_closures,
    tables.enquiry_reopenings,
    tables.closure_decisions,
    tables.feedback_requests,
    tables.feedback_links,
    tables.feedback_answers,
    tables.record_views,
)


def upgrade() -> None:
    bind = op.get_bind()
    for table in NEW_TABLES:
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(NEW_TABLES):
        table.drop(bind)
