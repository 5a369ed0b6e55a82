"""The portal's own data: who may sign in, and who is signed in now. Nothing about enquiries."""

from sqlalchemy import Column, Index, Integer, MetaData, String, Table

from shared.eventstore.types import UTCDateTime

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("user_id", String(100), primary_key=True),
    # Lower-cased on the way in, so that sign-in ignores the case of the email address.
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("agency_id", String(100), nullable=False),
    Column("role", String(40), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("failed_sign_ins", Integer, nullable=False, default=0),
    Column("locked_until", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
)

# The cookie holds a random token; only its SHA-256 is stored, so a copy of this table signs
# no one in.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(100), nullable=False),
    Column("signed_in_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Index("ix_sessions_user_id", "user_id"),
)
