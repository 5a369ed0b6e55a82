"""The feedback service's read models: every table is rebuilt by `msp replay feedback`."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
)

from shared.enquiry_directory import directory_table
from shared.eventstore.types import UTCDateTime

metadata = MetaData()
enquiry_directory = directory_table(metadata)
POSITION = BigInteger().with_variant(Integer, "sqlite")

# From intake: each closure (the process manager asks for feedback for those not yet decided).
enquiry_closures = Table(
    "enquiry_closures",
    metadata,
    Column("closure_event_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("lead_agency_id", String(100), nullable=False),
    Column("lead_practitioner_id", String(100), nullable=False),
    Column("closed_at", UTCDateTime(), nullable=False, index=True),
    Column("correlation_id", String(64), nullable=False),
    Column("source_position", POSITION, nullable=False, index=True),
)

enquiry_reopenings = Table(
    "enquiry_reopenings",
    metadata,
    Column("reopening_event_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("reopened_at", UTCDateTime(), nullable=False),
)

# Own: what was decided for each closure (requested, or not and why).
closure_decisions = Table(
    "feedback_closure_decisions",
    metadata,
    Column("closure_event_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False),
    Column("decision", String(30), nullable=False),
    Column("request_id", Uuid),
)

feedback_requests = Table(
    "feedback_requests",
    metadata,
    Column("request_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("lead_agency_id", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("addressee", String(20), nullable=False),
    Column("way_to_ask", String(20)),
    Column("easy_read", Boolean, nullable=False),
    Column("ask_not_by", String(100), nullable=False),
    Column("closed_at", UTCDateTime(), nullable=False),
    Column("requested_at", UTCDateTime(), nullable=False),
    Column("due_at", UTCDateTime(), nullable=False),
    Column("person_answered", Boolean, nullable=False),
    Column("representative_answered", Boolean, nullable=False),
    Column("refused_by", String(20)),
    Column("ended_at", UTCDateTime()),
    Index("ix_feedback_requests_agency_status", "lead_agency_id", "status"),
    Index("ix_feedback_requests_status_due", "status", "due_at"),
)

feedback_links = Table(
    "feedback_links",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("request_id", Uuid, nullable=False),
    Column("enquiry_id", Uuid, nullable=False),
    Column("respondent", String(20), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)

# One row per set of answers; anonymous rows carry only the agency and the month.
feedback_answers = Table(
    "feedback_answers",
    metadata,
    Column("answers_id", Uuid, primary_key=True),
    Column("request_id", Uuid, index=True),
    Column("enquiry_id", Uuid),
    Column("agency_id", String(100), nullable=False),
    Column("period", String(7), nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("respondent", String(20), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("easy_read", Boolean, nullable=False),
    Column("recorded_by", String(100)),
    Column("asked_by_enquiry_lead", Boolean, nullable=False),
    Column("why_the_lead_asked", Text),
    Column("received_at", UTCDateTime()),
    Column("asked_what_they_wanted", String(10)),
    Column("did_it_happen", String(10)),
    Column("listened_to", String(10)),
    Column("involved_in_decisions", String(10)),
    Column("feel_safer", String(10)),
    Column("satisfaction", SmallInteger),
    Column("what_would_have_made_it_better", Text),
    Index("ix_feedback_answers_agency_period", "agency_id", "period"),
)

record_views = Table(
    "feedback_record_views",
    metadata,
    Column("view_event_id", Uuid, primary_key=True),
    Column("request_id", Uuid, nullable=False, index=True),
    Column("enquiry_id", Uuid, nullable=False),
    Column("viewer_user_id", String(100), nullable=False),
    Column("viewer_agency_id", String(100), nullable=False),
    Column("viewed_at", UTCDateTime(), nullable=False),
)

# From outcomes: each enquiry's roll-up when every outcome has its final assessment (reporting).
outcomes_concluded = Table(
    "outcomes_concluded",
    metadata,
    Column("conclusion_event_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("lead_agency_id", String(100), nullable=False),
    Column("asked_code", String(100), nullable=False),
    Column("fully", Integer, nullable=False),
    Column("partially", Integer, nullable=False),
    Column("not_achieved", Integer, nullable=False),
    Column("concluded_at", UTCDateTime(), nullable=False, index=True),
    Column("superseded_at", UTCDateTime()),  # the enquiry's next conclusion
)

# From intake, for the board report (group `feedback.report`, one writer reading the enquiry's
# events in order): only codes, dates and ids. The person's details, the referrer and what
# happened never leave intake's store. Each closure keeps a snapshot of what the report counts
# of the enquiry as it closed (intake refuses changes to a closed enquiry), so the report reads
# one table per part instead of joining four; `next_closed_at` (the enquiry's next closure)
# tells the latest closure in a period without a GROUP BY.
report_enquiries = Table(
    "report_enquiries",
    metadata,
    Column("enquiry_id", Uuid, primary_key=True),
    Column("lead_agency_id", String(100)),  # at opening
    Column("opened_at", UTCDateTime()),
    Column("raised_at", UTCDateTime(), index=True),  # the concern
    Column("capacity_rank", SmallInteger),  # the first in the code list's order found
    Column("supported", Boolean, nullable=False),  # an advocate, family or friend appointed
)

report_section42 = Table(
    "report_section42",
    metadata,
    Column("decision_event_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("lead_agency_id", String(100)),
    Column("result", String(40), nullable=False),
    Column("decided_at", UTCDateTime(), nullable=False, index=True),
    Column("superseded_at", UTCDateTime()),  # the enquiry's next decision
)

report_risks = Table(
    "report_risks",
    metadata,
    Column("risk_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("risk_type", String(60), nullable=False),
    Column("location", String(60), nullable=False),
    Column("source", String(60), nullable=False),
    Column("assessment_outcome", String(80)),
    Column("risk_outcome", String(40)),
)

report_closures = Table(
    "report_closures",
    metadata,
    Column("closure_event_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("lead_agency_id", String(100), nullable=False),
    Column("closed_at", UTCDateTime(), nullable=False, index=True),
    Column("next_closed_at", UTCDateTime()),
    Column("days_to_closure", Float),  # from the concern, else the opening; null if neither
    Column("capacity_rank", SmallInteger, nullable=False),
    Column("supported", Boolean, nullable=False),
)

report_closure_risks = Table(
    "report_closure_risks",
    metadata,
    Column("closure_event_id", Uuid, primary_key=True),
    Column("risk_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False, index=True),
    Column("lead_agency_id", String(100), nullable=False),
    Column("closed_at", UTCDateTime(), nullable=False, index=True),
    Column("next_closed_at", UTCDateTime()),
    Column("risk_type", String(60), nullable=False),
    Column("location", String(60), nullable=False),
    Column("source", String(60), nullable=False),
    Column("assessment_outcome", String(80)),
    Column("risk_outcome", String(40)),
)

# From outcomes (group `feedback.reviews`): each review that passed its due date unheld.
report_reviews_overdue = Table(
    "report_reviews_overdue",
    metadata,
    Column("overdue_event_id", Uuid, primary_key=True),
    Column("enquiry_id", Uuid, nullable=False),
    Column("lead_agency_id", String(100), nullable=False),
    Column("due_on", Date, nullable=False, index=True),
)
