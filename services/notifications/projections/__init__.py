"""Read models: from intake's and outcomes' facts, and from the service's own events."""

from services.notifications.projections.case_file import CaseFile
from services.notifications.projections.consent_ledger import ConsentLedger
from services.notifications.projections.disclosures import Disclosures
from services.notifications.projections.due_facts import DueFacts
from services.notifications.projections.messages import Messages
from services.notifications.projections.staff import Staff

__all__ = ["CaseFile", "ConsentLedger", "Disclosures", "DueFacts", "Messages", "Staff"]
