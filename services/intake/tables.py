"""Intake's read models. Its own are kept in the same transaction as its appends; the outcome
status table is kept by the consumer of the outcomes service's events."""

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
    Uuid,
)

from shared.eventstore.types import UTCDateTime

metadata = MetaData()

# One row per enquiry: the columns the caseload filters and the sweeper need, and `detail`, the
# whole folded record as JSON (what GET /enquiries/{id} answers).
enquiries = Table(
    "intake_enquiries",
    metadata,
    Column("enquiry_id", Uuid, primary_key=True),
    Column("lead_agency_id", String(100), nullable=False),
    Column("lead_practitioner_id", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("opened_at", UTCDateTime(), nullable=False),
    Column("person_name", String(200)),
    Column("section_42_result", String(50)),
    Column("advocate_needed_since", UTCDateTime()),
    Column("advocate_chased", Boolean, nullable=False),
    Column("ica_outstanding", Boolean, nullable=False),
    Column("timescales_paused", Boolean, nullable=False),
    Column("next_check_on", Date),
    Column("pending_transfer_to", String(100)),
    Column("version", Integer, nullable=False),
    Column("last_changed_at", UTCDateTime(), nullable=False),
    Column("detail", JSON, nullable=False),
    Index("ix_intake_enquiries_advocate_needed_since", "advocate_needed_since"),
)
# The caseload's order (newest first), so that a page reads its 50 rows instead of sorting the
# agency's whole list; the second does the same for a status filter, and counts by status.
Index(
    "ix_intake_enquiries_caseload",
    enquiries.c.lead_agency_id,
    enquiries.c.opened_at.desc(),
    enquiries.c.enquiry_id,
)
Index(
    "ix_intake_enquiries_caseload_by_status",
    enquiries.c.lead_agency_id,
    enquiries.c.status,
    enquiries.c.opened_at.desc(),
    enquiries.c.enquiry_id,
)

risks = Table(
    "intake_enquiry_risks",
    metadata,
    Column("risk_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("risk_type", String(100), nullable=False),
    Column("location", String(100), nullable=False),
    Column("source", String(100), nullable=False),
)

# Who viewed which enquiry's record, and when: a rule of the platform (accountability).
access_log = Table(
    "intake_access_log",
    metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("user_id", String(100), nullable=False),
    Column("agency_id", String(100), nullable=False),
    Column("role", String(50), nullable=False),
    Column("view", String(50), nullable=False),
    Column("viewed_at", UTCDateTime(), nullable=False),
)

# What intake knows of each desired outcome, from the outcomes service's events. Flags, not a
# status, so that events applied out of order (several replicas, retries) give the same row.
outcome_status = Table(
    "intake_outcome_status",
    metadata,
    Column("enquiry_id", Uuid, primary_key=True),
    Column("outcome_id", Uuid, primary_key=True),
    Column("recorded", Boolean, nullable=False),
    Column("withdrawn", Boolean, nullable=False),
    Column("assessed", Boolean, nullable=False),
)
