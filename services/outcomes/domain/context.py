"""What a decision needs besides the enquiry's own events: the time, and intake's facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from services.outcomes.domain.rules import EnquiryIsClosed, IdUsedElsewhere


@dataclass(frozen=True)
class Context:
    now: datetime
    lead_agency_id: str
    closed: bool = False
    review_interval_days: int = 28
    # The new id the command brings, when another enquiry already holds it (looked up by the
    # command handler in the read model: the decision itself does no I/O).
    ids_used_elsewhere: frozenset[UUID] = field(default_factory=frozenset)

    @property
    def today(self) -> date:
        return self.now.date()

    def next_review(self) -> date:
        return self.today + timedelta(days=self.review_interval_days)

    def require_open(self) -> None:
        if self.closed:
            raise EnquiryIsClosed

    def require_unused_elsewhere(self, new_id: UUID, field_name: str) -> None:
        if new_id in self.ids_used_elsewhere:
            raise IdUsedElsewhere(field_name)
