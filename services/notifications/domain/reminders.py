"""Reminders from facts: one per fact, to the lead practitioner; still outstanding after the
grace (working days), to their own manager as well (the staff directory), or to the lead
agency's managers' shared queue when no manager is known.

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
from shared.contracts import feedback, intake, outcomes
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
    # The request to the person goes in the same append (`feedback_requests.ask_for_feedback`).
    feedback.FeedbackRequested.event_type: Rule(
        "feedback_requested", "Feedback still to be asked for", True
    ),
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


@dataclass(frozen=True)
class Manager:
    """The lead practitioner's own manager, from the staff directory."""

    user_id: str
    email: str | None


def escalate(
    *,
    reminder_id: UUID,
    fact_type: str,
    enquiry_id: UUID,
    lead_agency_id: str,
    grace_days: int,
    manager: Manager | None,
    now: datetime,
) -> list[DomainEvent]:
    """To the practitioner's own manager, in-app and by email where known; else to the agency's
    managers' shared in-app queue, so an escalation never waits for the directory."""
    what = RULES[fact_type].what
    text = render("escalation", enquiry_ref=str(enquiry_id)[:8], what=what, grace_days=grace_days)
    events: list[DomainEvent] = [
        ReminderEscalated(
            reminder_id=reminder_id,
            enquiry_id=enquiry_id,
            lead_agency_id=lead_agency_id,
            escalated_at=now,
            to_user_id=manager.user_id if manager else None,
        )
    ]
    if manager is None:
        targets: list[tuple[str, str, Channel, str | None]] = [
            ("agency_managers", lead_agency_id, Channel.IN_APP, None)
        ]
    else:
        targets = [("user", manager.user_id, Channel.IN_APP, None)]
        if manager.email:
            targets.append(("user", manager.user_id, Channel.EMAIL, manager.email))
    for kind, recipient, channel, address in targets:
        purpose = "escalation" if channel is Channel.IN_APP else f"escalation-{channel.value}"
        events.append(
            MessageQueued(
                message_id=message_id(reminder_id, purpose),
                enquiry_id=enquiry_id,
                cause="escalation",
                recipient_kind=kind,
                recipient_id=recipient,
                agency_id=lead_agency_id,
                channel=channel.value,
                address=address,
                subject=text.subject,
                body=text.body,
                queued_at=now,
            )
        )
    return events
