"""The notifications service's read models.

From intake's and outcomes' facts (consumer side, rebuilt from the inbox): the consent ledger,
communication preferences, the case file a disclosure draws on, the current lead, and the facts
that ask for reminders. From its own events (same transaction as the append): disclosures, the
agency inbox, the sharing log, messages and reminders.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)

from shared.enquiry_directory import directory_table
from shared.eventstore.types import UTCDateTime

POSITION = BigInteger().with_variant(Integer, "sqlite")

metadata = MetaData()
enquiry_directory = directory_table(metadata)

# --- from intake and outcomes ---

consent_ledger = Table(
    "notifications_consent_ledger",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("source_position", POSITION, nullable=False),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("consent_id", Uuid, nullable=False),
    Column("recipient_agency_id", String(100), nullable=False),
    Column("purpose", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("decided_by", String(50), nullable=False),
    Column("capacity_to_consent", Boolean, nullable=False),
    Column("kinds", JSON, nullable=False),
    Column("valid_until", Date),
    Column("decided_at", UTCDateTime(), nullable=False),
)

preferences = Table(
    "notifications_preferences",
    metadata,
    Column("enquiry_id", Uuid, primary_key=True),
    Column("preferences", JSON, nullable=False),
    Column("recorded_at", UTCDateTime(), nullable=False),
)

case_file = Table(
    "notifications_case_file",
    metadata,
    Column("enquiry_id", Uuid, primary_key=True),
    Column("kind", String(50), primary_key=True),
    Column("content", JSON, nullable=False),
)

leads = Table(
    "notifications_leads",
    metadata,
    Column("enquiry_id", Uuid, primary_key=True),
    Column("lead_agency_id", String(100), nullable=False),
    Column("lead_practitioner_id", String(100), nullable=False),
    Column("closed", Boolean, nullable=False),
)

facts = Table(
    "notifications_facts",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("fact_type", String(100), nullable=False),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("lead_agency_id", String(100), nullable=False),
    Column("lead_practitioner_id", String(100), nullable=False),
    Column("subject_key", String(100), nullable=False),
    Column("due_on", Date),
    Column("ica_required", Boolean, nullable=False),
    Column("occurred_at", UTCDateTime(), nullable=False),
    Column("resolved", Boolean, nullable=False),
)

# --- from notifications' own events ---

disclosures = Table(
    "notifications_disclosures",
    metadata,
    Column("disclosure_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("lead_agency_id", String(100), nullable=False),
    Column("recipient_agency_id", String(100), nullable=False),
    Column("purpose", String(100), nullable=False),
    Column("kinds", JSON, nullable=False),
    Column("stage", String(30), nullable=False),
    Column("reason", Text),
    Column("requested_by", String(100), nullable=False),
    Column("requested_at", UTCDateTime(), nullable=False),
)

agency_inbox = Table(
    "notifications_agency_inbox",
    metadata,
    Column("disclosure_id", Uuid, primary_key=True),
    Column("recipient_agency_id", String(100), nullable=False),
    Column("enquiry_id", Uuid, nullable=False),
    Column("from_agency_id", String(100), nullable=False),
    Column("purpose", String(100), nullable=False),
    Column("kinds", JSON, nullable=False),
    Column("basis", String(20), nullable=False),
    Column("content", JSON, nullable=False),
    Column("shared_at", UTCDateTime(), nullable=False),
    Index("ix_notifications_agency_inbox_recipient", "recipient_agency_id", "shared_at"),
)

sharing_log = Table(
    "notifications_sharing_log",
    metadata,
    Column("position", POSITION, primary_key=True),
    Column("seq", Integer, primary_key=True),  # a decision's withheld kinds, one row each
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("disclosure_id", Uuid, nullable=False),
    Column("decision", String(30), nullable=False),
    Column("recipient_agency_id", String(100), nullable=False),
    Column("purpose", String(100), nullable=False),
    Column("kinds", JSON, nullable=False),
    Column("who", String(100), nullable=False),
    Column("agency_id", String(100), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("why", Text),
)

messages = Table(
    "notifications_messages",
    metadata,
    Column("message_id", Uuid, primary_key=True),
    Column("stream_id", String(64), nullable=False),
    Column("enquiry_id", Uuid),
    Column("cause", String(30), nullable=False),
    Column("recipient_kind", String(30), nullable=False),
    Column("recipient_id", String(100), nullable=False),
    Column("agency_id", String(100), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("address", String(500)),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("easy_read", Boolean, nullable=False),
    Column("pictures", Boolean, nullable=False),
    Column("status", String(20), nullable=False),  # queued | sent | failed
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime()),
    Column("last_error", Text),
    Column("queued_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime()),
    Index("ix_notifications_messages_due", "status", "next_attempt_at"),
    Index("ix_notifications_messages_recipient", "recipient_id", "queued_at"),
)

reminders = Table(
    "notifications_reminders",
    metadata,
    Column("reminder_id", Uuid, primary_key=True),
    Column("fact_type", String(100), nullable=False),
    Column("enquiry_id", Uuid, nullable=False),
    Column("lead_agency_id", String(100), nullable=False),
    Column("subject_key", String(100), nullable=False),
    Column("escalate_after", UTCDateTime()),
    Column("escalated", Boolean, nullable=False),
    Column("sent_at", UTCDateTime(), nullable=False),
)

CONSUMED = (consent_ledger, preferences, case_file, leads, facts)
OWN = (disclosures, agency_inbox, sharing_log, messages, reminders)

# --- added by migration 0003 ---

feedback_requests = Table(
    "notifications_feedback_requests",
    metadata,
    Column("request_id", Uuid, primary_key=True),
    Column("fact_id", Uuid, nullable=False),  # the FeedbackRequested event: its reminder's id
    Column("enquiry_id", Uuid, nullable=False),
    Column("addressee", String(20), nullable=False),
    Column("way_to_ask", String(20)),
    Column("easy_read", Boolean, nullable=False),
    Column("ask_not_by", String(100), nullable=False),
    # Intake's closure has reached notifications too: its stream, which carries the person's
    # preferences and contact, may lag behind feedback's. The request waits for it.
    Column("closure_seen", Boolean, nullable=False),
)

staff = Table(
    "notifications_staff",
    metadata,
    Column("user_id", String(100), primary_key=True),
    Column("agency_id", String(100), nullable=False, index=True),
    Column("email", String(320)),
    Column("manager_id", String(100)),
    Column("recorded_at", UTCDateTime(), nullable=False),
)

ADDED_0003 = (feedback_requests, staff)
