"""Reminders from facts: one per fact, to the lead practitioner; still outstanding after the
grace (working days), to the lead agency's managers as well.

The facts that remind are listed once, in `RULES`. A fact's reminder lives in the stream
`reminder-<fact event id>`, appended at version 0: a redelivered fact, a restart or a second
replica can only fail to append it again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from services.notifications.domain.preferences import Channel
from services.notifications.domain.working_days import add_working_days
from services.notifications.rendering import render
from shared.contracts import intake, outcomes
from shared.contracts.notifications import MessageQueued, ReminderEscalated, ReminderSent
from shared.events import DomainEvent


@dataclass(frozen=True)
class Rule:
    template: str
    what: str  # for the escalation's subject
    escalates: bool


RULES: dict[str, Rule] = {
    outcomes.ReviewDueSoon.event_type: Rule("review_due_soon", "A review", escalates=False),
    outcomes.ReviewOverdue.event_type: Rule("review_overdue", "An overdue review", True),
    outcomes.ActionOverdue.event_type: Rule("action_overdue", "An overdue action", True),
    intake.AdvocateStillNeeded.event_type: Rule(
        "advocate_still_needed", "An advocate still needed", True
    ),
    # FEEDBACK REMINDER: add `feedback.FeedbackRequested` here (template `feedback_requested`)
    # once the feedback service's contract (issue #6) is merged; nothing else needs to change.
}


@dataclass(frozen=True)
class Fact:
    """A fact that asks for a reminder, as the facts projection keeps it."""

    event_id: UUID
    fact_type: str
    enquiry_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    subject_key: str
    due_on: date | None
    occurred_at: datetime
    ica_required: bool = False


def reminder_stream(fact_id: UUID) -> str:
    return f"reminder-{fact_id}"


def message_id(reminder_id: UUID, purpose: str) -> UUID:
    """Deterministic, so a retried reminder or escalation names the same messages."""
    return uuid.uuid5(reminder_id, purpose)


def remind(
    fact: Fact, *, now: datetime, grace_days: int, staff_email: str | None
) -> list[DomainEvent]:
    rule = RULES[fact.fact_type]
    text = render(
        rule.template,
        enquiry_ref=str(fact.enquiry_id)[:8],
        due_on=fact.due_on.isoformat() if fact.due_on else "",
        ica_required=fact.ica_required,
    )
    events: list[DomainEvent] = [
        ReminderSent(
            reminder_id=fact.event_id,
            fact_type=fact.fact_type,
            enquiry_id=fact.enquiry_id,
            lead_agency_id=fact.lead_agency_id,
            to_user_id=fact.lead_practitioner_id,
            subject_key=fact.subject_key,
            due_on=fact.due_on,
            escalate_after=add_working_days(fact.occurred_at, grace_days)
            if rule.escalates
            else None,
            sent_at=now,
        )
    ]
    channels: list[tuple[Channel, str | None]] = [(Channel.IN_APP, None)]
    if staff_email:
        channels.append((Channel.EMAIL, staff_email))
    for channel, address in channels:
        events.append(
            MessageQueued(
                message_id=message_id(fact.event_id, f"reminder-{channel.value}"),
                enquiry_id=fact.enquiry_id,
                cause="reminder",
                recipient_kind="user",
                recipient_id=fact.lead_practitioner_id,
                agency_id=fact.lead_agency_id,
                channel=channel.value,
                address=address,
                subject=text.subject,
                body=text.body,
                queued_at=now,
            )
        )
    return events


def escalate(
    *,
    reminder_id: UUID,
    fact_type: str,
    enquiry_id: UUID,
    lead_agency_id: str,
    grace_days: int,
    now: datetime,
) -> list[DomainEvent]:
    """To the agency's managers (their shared in-app queue): the platform knows agencies and
    roles, not who manages whom."""
    what = RULES[fact_type].what
    text = render("escalation", enquiry_ref=str(enquiry_id)[:8], what=what, grace_days=grace_days)
    return [
        ReminderEscalated(
            reminder_id=reminder_id,
            enquiry_id=enquiry_id,
            lead_agency_id=lead_agency_id,
            escalated_at=now,
        ),
        MessageQueued(
            message_id=message_id(reminder_id, "escalation"),
            enquiry_id=enquiry_id,
            cause="escalation",
            recipient_kind="agency_managers",
            recipient_id=lead_agency_id,
            agency_id=lead_agency_id,
            channel=Channel.IN_APP.value,
            subject=text.subject,
            body=text.body,
            queued_at=now,
        ),
    ]
