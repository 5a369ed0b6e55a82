"""What a decision needs besides the enquiry's own events: the time, and intake's facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.outcomes.domain.rules import EnquiryIsClosed


@dataclass(frozen=True)
class Context:
    now: datetime
    lead_agency_id: str
    closed: bool = False
    review_interval_days: int = 28

    @property
    def today(self) -> date:
        return self.now.date()

    def next_review(self) -> date:
        return self.today + timedelta(days=self.review_interval_days)

    def require_open(self) -> None:
        if self.closed:
            raise EnquiryIsClosed
