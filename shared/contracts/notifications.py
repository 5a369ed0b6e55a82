"""Events published by the notifications service on `msp.notifications.events`.

Disclosures (every movement of personal data to another agency), reminders and escalations, and
the life of each message: queued, sent, failed. `purpose` and `kinds` carry the values of
`shared.sharing.Purpose` and `shared.sharing.InformationKind`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from shared.events import DomainEvent

STREAM = "msp.notifications.events"


class DisclosureRequested(DomainEvent):
    """A practitioner of the lead agency asked to share information with another agency."""

    event_type = "notifications.DisclosureRequested"

    disclosure_id: UUID
    enquiry_id: UUID
    lead_agency_id: str
    recipient_agency_id: str
    purpose: str
    kinds: list[str] = Field(description="the kinds of information asked for")
    requested_by: str
    requested_at: datetime


class SharingBlocked(DomainEvent):
    """The policy refused the disclosure: nothing was delivered."""

    event_type = "notifications.SharingBlocked"

    disclosure_id: UUID
    enquiry_id: UUID
    recipient_agency_id: str
    purpose: str
    reason: str = Field(description="what a practitioner can act on; no personal data")
    stage: str = Field(description="request | delivery: when the policy refused it")
    blocked_at: datetime


class OverrideRequested(DomainEvent):
    """A practitioner asked to share without consent on a lawful ground."""

    event_type = "notifications.OverrideRequested"

    disclosure_id: UUID
    enquiry_id: UUID
    override_id: UUID
    ground: str = Field(description="a shared.sharing.OverrideGround value")
    narrative: str
    person_told: str | None = Field(None, description="how and when the person was told")
    why_not_told: str | None = Field(None, description="why telling them would increase the risk")
    requested_by: str
    requested_at: datetime


class SharingOverridden(DomainEvent):
    """A manager other than the requester approved sharing without consent on a lawful ground."""

    event_type = "notifications.SharingOverridden"

    disclosure_id: UUID
    enquiry_id: UUID
    override_id: UUID
    recipient_agency_id: str
    purpose: str
    ground: str
    narrative: str
    person_told: str | None = None
    why_not_told: str | None = None
    requested_by: str
    approved_by: str
    approved_at: datetime


class InformationShared(DomainEvent):
    """Information was delivered to the recipient agency's inbox: only what the purpose and the
    consent (or the approved override) allowed."""

    event_type = "notifications.InformationShared"

    disclosure_id: UUID
    enquiry_id: UUID
    lead_agency_id: str
    recipient_agency_id: str
    purpose: str
    kinds: list[str] = Field(description="the kinds delivered")
    withheld: dict[str, str] = Field(default_factory=dict, description="kind → why withheld")
    basis: str = Field(description="consent | override")
    consent_id: UUID | None = None
    override_id: UUID | None = None
    content: dict[str, Any] = Field(description="kind → what was delivered, verbatim")
    shared_by: str
    shared_at: datetime


class DisclosureViewed(DomainEvent):
    """A user of the recipient agency opened a disclosure (its own stream per view)."""

    event_type = "notifications.DisclosureViewed"

    disclosure_id: UUID
    enquiry_id: UUID
    recipient_agency_id: str
    user_id: str
    role: str
    viewed_at: datetime


class ReminderSent(DomainEvent):
    """A reminder for one fact (a review due or overdue, an overdue action, an advocate still
    needed) was queued for the lead practitioner: once per fact, its stream is
    `reminder-<fact event id>`."""

    event_type = "notifications.ReminderSent"

    reminder_id: UUID = Field(description="the fact's event id")
    fact_type: str
    enquiry_id: UUID
    lead_agency_id: str
    to_user_id: str
    subject_key: str = Field(description="what is overdue: review, action:<id>, advocate:<id>")
    due_on: date | None = None
    escalate_after: datetime | None = Field(None, description="None: never escalated")
    sent_at: datetime


class ReminderEscalated(DomainEvent):
    """Still overdue after the grace: the lead agency's managers were told as well."""

    event_type = "notifications.ReminderEscalated"

    reminder_id: UUID
    enquiry_id: UUID
    lead_agency_id: str
    escalated_at: datetime
    to_user_id: str | None = Field(
        None,
        description="the lead practitioner's own manager (staff directory); "
        "None: the agency's managers' shared queue",
    )


class MessageQueued(DomainEvent):
    """A message waits for delivery on one channel; it lives in its cause's stream."""

    event_type = "notifications.MessageQueued"

    message_id: UUID
    enquiry_id: UUID | None = None
    cause: str = Field(description="reminder | escalation | person_told | feedback_request")
    recipient_kind: str = Field(description="user | agency_managers | person | supporter")
    recipient_id: str = Field(description="a user id, an agency id, or 'person'")
    agency_id: str
    channel: str = Field(description="in_app | email | sms | letter | task")
    address: str | None = Field(None, description="email address, phone or postal address")
    subject: str
    body: str
    easy_read: bool = False
    pictures: bool = False
    queued_at: datetime


class MessageSent(DomainEvent):
    """The channel accepted the message (stream `delivery-<message id>`)."""

    event_type = "notifications.MessageSent"

    message_id: UUID
    channel: str
    attempt: int = Field(ge=1)
    sent_at: datetime


class DeliveryFailed(DomainEvent):
    """One attempt failed; retried at `retry_at`, or dead-lettered with the reason."""

    event_type = "notifications.DeliveryFailed"

    message_id: UUID
    channel: str
    attempt: int = Field(ge=1)
    reason: str = Field(description="for operators; no personal data")
    retry_at: datetime | None = None
    dead_lettered: bool = False
    failed_at: datetime


class StaffMemberRecorded(DomainEvent):
    """The staff directory: a user's work email and who manages them, in full each time.
    Stream `staff-<user id>`; reminders go to that email, escalations to that manager."""

    event_type = "notifications.StaffMemberRecorded"

    user_id: str = Field(max_length=100)
    agency_id: str = Field(max_length=100)
    email: str | None = Field(None, max_length=320, description="work email; None: in-app only")
    manager_id: str | None = Field(
        None, max_length=100, description="their manager's user id; None: the agency's managers"
    )
    recorded_by: str
    recorded_at: datetime


EVENTS: tuple[type[DomainEvent], ...] = (
    DisclosureRequested,
    SharingBlocked,
    OverrideRequested,
    SharingOverridden,
    InformationShared,
    DisclosureViewed,
    ReminderSent,
    ReminderEscalated,
    MessageQueued,
    MessageSent,
    DeliveryFailed,
    StaffMemberRecorded,
)
