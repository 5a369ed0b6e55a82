"""The enquiry's rules, pure: state is the fold of its events; decisions return new events.

One module per part of the record; `state` folds events into `EnquiryState`.
"""

from services.intake.domain.concern import Concern, open_enquiry
from services.intake.domain.state import EnquiryState, Status, evolve, fold

__all__ = ["Concern", "EnquiryState", "Status", "evolve", "fold", "open_enquiry"]
