"""What the recording forms and the closure page read of intake's record: the ids of risks and
advocacy needs, the preferences now, the closure proposal and closure. Fields intake adds later
are ignored."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class Read(BaseModel):
    model_config = ConfigDict(extra="ignore")


class RiskLine(Read):
    risk_id: UUID
    risk_type: str
    location: str
    source: str
    assessment_outcome: str | None = None


class Need(Read):
    need_id: UUID
    ica_required: bool
    advocate: dict[str, Any] | None = None
    declined_at: str | None = None
    offered_at: str | None = None

    @property
    def open(self) -> bool:
        return self.advocate is None and self.declined_at is None


class Closure(Read):
    closed_at: datetime
    reason: str
    signed_off_by: str


class ClosureProposal(Read):
    proposed_at: datetime
    reason: str
    proposed_by: str


class Recordable(Read):
    """What the forms need of intake's record: ids of risks and needs, and the preferences."""

    enquiry_id: UUID
    version: int
    status: str = "open"
    lead_agency_id: str | None = None
    lead_practitioner_id: str | None = None
    risks: list[RiskLine] = []
    advocacy: list[Need] = []
    communication_preferences: dict[str, Any] | None = None
    closure: Closure | None = None
    closure_proposal: ClosureProposal | None = None
    closure_blocked_by: str | None = None
    unassessed_outcomes: int = 0
    concern: dict[str, Any] | None = None
    timescales_are_paused: bool = False
    pending_transfer: dict[str, Any] | None = None

    @property
    def person_name(self) -> str | None:
        person = (self.concern or {}).get("person") or {}
        name = person.get("name")
        return str(name) if name else None

    @property
    def blocker(self) -> str | None:
        """Intake's first closure rule not met, with a risk named by its type and place rather
        than its id."""
        message = self.closure_blocked_by
        for risk in self.risks:
            if message and str(risk.risk_id) in message:
                message = message.replace(
                    f"Risk {risk.risk_id}", f"The {risk.risk_type} risk ({risk.location})"
                )
        return message

    def risk(self, risk_id: UUID | None) -> RiskLine | None:
        return next((r for r in self.risks if r.risk_id == risk_id), None)

    def need(self, need_id: UUID | None) -> Need | None:
        return next((n for n in self.advocacy if n.need_id == need_id), None)
