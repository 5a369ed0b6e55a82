"""An enquiry's timeline, read from its events: what happened, who did it, when, and why."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from shared.auth import Actor
from shared.events import EventEnvelope

WHAT = {
    "intake.EnquiryOpened": "Enquiry opened",
    "intake.ConcernRaised": "Concern recorded",
    "intake.RiskIdentified": "Risk recorded",
    "intake.RiskConcluded": "Risk outcome recorded",
    "intake.Section42Decided": "Section 42 decision made",
    "intake.CapacityAssessed": "Capacity assessed",
    "intake.TimescalesPaused": "Timescales paused",
    "intake.TimescalesResumed": "Timescales resumed",
    "intake.AdvocacyNeedIdentified": "Advocacy need found",
    "intake.AdvocacyOffered": "Advocacy offered",
    "intake.AdvocateAppointed": "Advocate appointed",
    "intake.AdvocacyDeclined": "Advocacy declined",
    "intake.AdvocateStillNeeded": "Advocate still needed: chased",
    "intake.CommunicationPreferencesRecorded": "Communication preferences recorded",
    "intake.ConsentRecorded": "Consent decision recorded",
    "intake.ConsentWithdrawn": "Consent withdrawn",
    "intake.InterventionDeclined": "Person declined intervention: monitoring",
    "intake.InterventionTakenUp": "Person took up the offer again",
    "intake.MonitoringCheckRecorded": "Monitoring check recorded",
    "intake.LeadTransferRequested": "Lead transfer requested",
    "intake.LeadTransferDeclined": "Lead transfer declined",
    "intake.LeadTransferred": "Lead transferred",
    "intake.ClosureProposed": "Closure proposed",
    "intake.EnquiryClosed": "Enquiry closed",
    "intake.EnquiryReopened": "Enquiry reopened",
}
WHY_FIELDS = ("reason", "closure_reason", "raised_anyway_because")


class TimelineEntry(BaseModel):
    version: int
    event_type: str
    what: str = Field(description="in plain words")
    who: Actor
    when: datetime
    why: str | None = Field(description="the reason given, where there is one")
    details: dict[str, object] = Field(description="the event's own fields")


def timeline_of(envelopes: list[EventEnvelope]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            version=e.version,
            event_type=e.event_type,
            what=WHAT.get(e.event_type, e.event_type),
            who=e.actor,
            when=e.occurred_at,
            why=next((str(e.payload[f]) for f in WHY_FIELDS if e.payload.get(f)), None),
            details=e.payload,
        )
        for e in envelopes
    ]
