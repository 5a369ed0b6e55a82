"""Intake's projections: its own record and access log, and what it learns from outcomes."""

from services.intake.projections.access_log import AccessLog
from services.intake.projections.enquiry_record import EnquiryRecord
from services.intake.projections.outcome_status import OutcomeStatus

__all__ = ["AccessLog", "EnquiryRecord", "OutcomeStatus"]
