"""Users and sessions.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from alembic import op
from sqlalchemy import Column, Integer, String

from shared.eventstore.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        Column("user_id", String(100), primary_key=True),
        Column("email", String(254), nullable=False, unique=True),
        Column("display_name", String(200), nullable=False),
        Column("agency_id", String(100), nullable=False),
        Column("role", String(40), nullable=False),
        Column("password_hash", String(200), nullable=False),
        Column("failed_sign_ins", Integer, nullable=False),
        Column("locked_until", UTCDateTime()),
        Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "sessions",
        Column("token_hash", String(64), primary_key=True),
        Column("user_id", String(100), nullable=False),
        Column("signed_in_at", UTCDateTime(), nullable=False),
        Column("last_seen_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])


def downgrade() -> None:
    op.drop_table("sessions")
    op.drop_table("users")
