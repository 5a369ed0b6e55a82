"""Intake's and outcomes' reporting facts, received for the board report.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from alembic import op
from sqlalchemy import Boolean, Column, Date, Float, SmallInteger, String, Uuid

from shared.eventstore.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RISK_CODES = (
    ("risk_type", 60, False),
    ("location", 60, False),
    ("source", 60, False),
    ("assessment_outcome", 80, True),
    ("risk_outcome", 40, True),
)


def _risk_codes() -> list[Column[str]]:
    return [Column(name, String(size), nullable=null) for name, size, null in RISK_CODES]


def upgrade() -> None:
    op.create_table(
        "report_enquiries",
        Column("enquiry_id", Uuid, primary_key=True),
        Column("lead_agency_id", String(100)),
        Column("opened_at", UTCDateTime()),
        Column("raised_at", UTCDateTime()),
        Column("capacity_rank", SmallInteger),
        Column("supported", Boolean, nullable=False),
    )
    op.create_index("ix_report_enquiries_raised_at", "report_enquiries", ["raised_at"])
    op.create_table(
        "report_section42",
        Column("decision_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("lead_agency_id", String(100)),
        Column("result", String(40), nullable=False),
        Column("decided_at", UTCDateTime(), nullable=False),
        Column("superseded_at", UTCDateTime()),
    )
    op.create_index("ix_report_section42_enquiry_id", "report_section42", ["enquiry_id"])
    op.create_index("ix_report_section42_decided_at", "report_section42", ["decided_at"])
    op.create_table(
        "report_risks",
        Column("risk_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        *_risk_codes(),
    )
    op.create_index("ix_report_risks_enquiry_id", "report_risks", ["enquiry_id"])
    op.create_table(
        "report_closures",
        Column("closure_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("lead_agency_id", String(100), nullable=False),
        Column("closed_at", UTCDateTime(), nullable=False),
        Column("next_closed_at", UTCDateTime()),
        Column("days_to_closure", Float),
        Column("capacity_rank", SmallInteger, nullable=False),
        Column("supported", Boolean, nullable=False),
    )
    op.create_index("ix_report_closures_enquiry_id", "report_closures", ["enquiry_id"])
    op.create_index("ix_report_closures_closed_at", "report_closures", ["closed_at"])
    op.create_table(
        "report_closure_risks",
        Column("closure_event_id", Uuid, primary_key=True),
        Column("risk_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("lead_agency_id", String(100), nullable=False),
        Column("closed_at", UTCDateTime(), nullable=False),
        Column("next_closed_at", UTCDateTime()),
        *_risk_codes(),
    )
    op.create_index("ix_report_closure_risks_enquiry_id", "report_closure_risks", ["enquiry_id"])
    op.create_index("ix_report_closure_risks_closed_at", "report_closure_risks", ["closed_at"])
    op.create_table(
        "report_reviews_overdue",
        Column("overdue_event_id", Uuid, primary_key=True),
        Column("enquiry_id", Uuid, nullable=False),
        Column("lead_agency_id", String(100), nullable=False),
        Column("due_on", Date, nullable=False),
    )
    op.create_index("ix_report_reviews_overdue_due_on", "report_reviews_overdue", ["due_on"])
    # The report scopes closures by the closing time.
    op.create_index("ix_enquiry_closures_closed_at", "enquiry_closures", ["closed_at"])
    # Each conclusion knows when the enquiry's next one came: the latest in a period is then
    # found without a GROUP BY joined back. Conclusions received before this are marked here.
    op.add_column("outcomes_concluded", Column("superseded_at", UTCDateTime()))
    op.execute(
        "UPDATE outcomes_concluded SET superseded_at = ("
        " SELECT min(later.concluded_at) FROM outcomes_concluded AS later"
        " WHERE later.enquiry_id = outcomes_concluded.enquiry_id"
        " AND later.concluded_at > outcomes_concluded.concluded_at)"
    )


def downgrade() -> None:
    with op.batch_alter_table("outcomes_concluded") as batch:
        batch.drop_column("superseded_at")
    op.drop_index("ix_enquiry_closures_closed_at", "enquiry_closures")
    for table in (
        "report_reviews_overdue",
        "report_closure_risks",
        "report_closures",
        "report_risks",
        "report_section42",
        "report_enquiries",
    ):
        op.drop_table(table)
