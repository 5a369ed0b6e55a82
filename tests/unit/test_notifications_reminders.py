"""Reminders from facts, escalation after the grace in working days, back-off and dead letter,
and the templates' plain and easy-read wording (pure)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.notifications.domain.delivery import attempt_result, backoff
from services.notifications.domain.reminders import (
    RULES,
    Fact,
    Manager,
    escalate,
    message_id,
    remind,
)
from services.notifications.domain.working_days import add_working_days
from services.notifications.rendering import render
from shared.contracts.notifications import (
    DeliveryFailed,
    MessageQueued,
    MessageSent,
    ReminderEscalated,
    ReminderSent,
)

pytestmark = pytest.mark.unit

FRIDAY = datetime(2026, 11, 27, 15, tzinfo=UTC)


def a_fact(fact_type: str = "outcomes.ReviewOverdue") -> Fact:
    return Fact(
        event_id=uuid.uuid4(),
        fact_type=fact_type,
        enquiry_id=uuid.uuid4(),
        lead_agency_id="asc",
        lead_practitioner_id="p-1",
        subject_key="review",
        due_on=date(2026, 11, 20),
        occurred_at=FRIDAY,
    )


def test_five_working_days_skip_the_weekend() -> None:
    assert add_working_days(FRIDAY, 5) == FRIDAY + timedelta(days=7)
    assert add_working_days(FRIDAY, 1) == FRIDAY + timedelta(days=3)
    saturday = FRIDAY + timedelta(days=1)
    assert add_working_days(saturday, 1) == FRIDAY + timedelta(days=3)


def test_a_reminder_to_the_lead_practitioner_in_app_and_by_email_when_known() -> None:
    fact = a_fact()
    sent, in_app, email = remind(fact, now=FRIDAY, grace_days=5, staff_email="p-1@asc.example")
    assert isinstance(sent, ReminderSent)
    assert sent.reminder_id == fact.event_id
    assert sent.escalate_after == FRIDAY + timedelta(days=7)
    assert isinstance(in_app, MessageQueued)
    assert isinstance(email, MessageQueued)
    assert (in_app.channel, email.channel, email.address) == ("in_app", "email", "p-1@asc.example")
    assert in_app.subject == "A review is overdue"
    assert "was due on 2026-11-20" in in_app.body
    assert len(remind(fact, now=FRIDAY, grace_days=5, staff_email=None)) == 2


def test_the_same_fact_names_the_same_messages() -> None:
    fact = a_fact()
    first = remind(fact, now=FRIDAY, grace_days=5, staff_email=None)
    again = remind(fact, now=FRIDAY + timedelta(hours=1), grace_days=5, staff_email=None)
    assert [getattr(e, "message_id", None) for e in first] == [
        getattr(e, "message_id", None) for e in again
    ]


def test_due_soon_never_escalates_overdue_facts_do() -> None:
    due_soon = remind(a_fact("outcomes.ReviewDueSoon"), now=FRIDAY, grace_days=5, staff_email=None)
    assert isinstance(due_soon[0], ReminderSent)
    assert due_soon[0].escalate_after is None
    assert {t for t, rule in RULES.items() if rule.escalates} == {
        "outcomes.ReviewOverdue",
        "outcomes.ActionOverdue",
        "intake.AdvocateStillNeeded",
        "feedback.FeedbackRequested",
    }


def test_escalation_goes_to_the_agency_managers_when_no_manager_is_known() -> None:
    reminder = uuid.uuid4()
    escalated, message = escalate(
        reminder_id=reminder,
        fact_type="outcomes.ActionOverdue",
        enquiry_id=uuid.uuid4(),
        lead_agency_id="asc",
        grace_days=5,
        manager=None,
        now=FRIDAY,
    )
    assert isinstance(escalated, ReminderEscalated)
    assert escalated.to_user_id is None
    assert isinstance(message, MessageQueued)
    assert (message.recipient_kind, message.recipient_id) == ("agency_managers", "asc")
    assert message.message_id == message_id(reminder, "escalation")
    assert message.subject == "Still overdue: An overdue action"


def test_escalation_goes_to_the_practitioners_own_manager_in_app_and_by_email() -> None:
    reminder = uuid.uuid4()
    escalated, in_app, email = escalate(
        reminder_id=reminder,
        fact_type="feedback.FeedbackRequested",
        enquiry_id=uuid.uuid4(),
        lead_agency_id="asc",
        grace_days=5,
        manager=Manager("asc-manager", "asc.manager@example.org"),
        now=FRIDAY,
    )
    assert isinstance(escalated, ReminderEscalated)
    assert escalated.to_user_id == "asc-manager"
    assert isinstance(in_app, MessageQueued)
    assert isinstance(email, MessageQueued)
    assert [(m.recipient_kind, m.recipient_id, m.channel, m.address) for m in (in_app, email)] == [
        ("user", "asc-manager", "in_app", None),
        ("user", "asc-manager", "email", "asc.manager@example.org"),
    ]
    assert in_app.message_id != email.message_id
    assert in_app.subject == "Still overdue: Feedback still to be asked for"
    without_email = escalate(
        reminder_id=reminder,
        fact_type="feedback.FeedbackRequested",
        enquiry_id=uuid.uuid4(),
        lead_agency_id="asc",
        grace_days=5,
        manager=Manager("asc-manager", None),
        now=FRIDAY,
    )
    assert len(without_email) == 2


def test_retries_back_off_then_dead_letter_with_the_reason() -> None:
    assert [backoff(n, 30).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    first = attempt_result(
        message_id=uuid.uuid4(),
        channel="email",
        attempt=1,
        error="SMTP: SMTPConnectError",
        max_attempts=3,
        retry_base_s=30,
        now=FRIDAY,
    )
    assert isinstance(first, DeliveryFailed)
    assert (first.retry_at, first.dead_lettered) == (FRIDAY + timedelta(seconds=30), False)
    last = attempt_result(
        message_id=uuid.uuid4(),
        channel="email",
        attempt=3,
        error="SMTP: SMTPConnectError",
        max_attempts=3,
        retry_base_s=30,
        now=FRIDAY,
    )
    assert isinstance(last, DeliveryFailed)
    assert (last.retry_at, last.dead_lettered, last.reason) == (
        None,
        True,
        "SMTP: SMTPConnectError",
    )
    sent = attempt_result(
        message_id=uuid.uuid4(),
        channel="email",
        attempt=2,
        error=None,
        max_attempts=3,
        retry_base_s=30,
        now=FRIDAY,
    )
    assert isinstance(sent, MessageSent)


def test_easy_read_with_pictures_and_plain_wording() -> None:
    values = {
        "recipient": "police",
        "kinds": ["identity"],
        "purpose": "a criminal investigation",
        "basis": "consent",
        "ground": "",
    }
    plain = render("person_told", easy_read=False, pictures=False, **values)
    easy = render("person_told", easy_read=True, pictures=True, **values)
    assert plain.subject == "We shared some information about you"
    assert easy.subject == "We told police about you"
    assert "[picture:" in easy.body
    assert "[picture:" not in render("person_told", easy_read=True, pictures=False, **values).body
