"""The portal's pure parts: the communication banner, due flags, the concern form's checks and
body, the outcome history in plain words, the easy-read wishes and a disclosure's content."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from services.portal.views.communication import Preferences, banner_of, headline_of
from services.portal.views.concern_form import (
    ConcernAnswers,
    check_step,
    first_step_with_errors,
    intake_body,
    raised_at,
)
from services.portal.views.due import DueItem, Flag, flags_by_enquiry
from services.portal.views.easy_read import wishes_of
from services.portal.views.outcomes import Board, HistoryEntry, changes_of
from services.portal.views.sharing import flattened

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def test_the_headline_says_what_is_refused_first_then_what_is_allowed() -> None:
    preferences = Preferences(contact_refused=["letter"], contact_allowed=["face to face"])

    assert headline_of(preferences) == "No letters — meet face to face"


def test_several_ways_read_as_a_sentence() -> None:
    preferences = Preferences(
        contact_refused=["letter", "phone"], contact_allowed=["face to face", "text", "email"]
    )

    assert headline_of(preferences) == (
        "No letters and No phone calls — meet face to face, text messages or email"
    )


def test_the_persons_words_are_kept_exactly_as_said() -> None:
    words = "  Don't ring me — I'll  ring you.  "
    banner = banner_of(Preferences(in_their_words=words, who_to_involve="my sister"))

    assert banner is not None
    assert banner.in_their_words == words
    assert banner.who_to_involve == "my sister"
    assert banner.headline.startswith("No preferences recorded")


def test_no_preferences_no_banner_content() -> None:
    assert banner_of(None) is None


def test_an_overdue_item_wins_over_one_due_soon() -> None:
    enquiry, other = uuid.uuid4(), uuid.uuid4()
    items = [
        DueItem(kind="review", enquiry_id=enquiry, due_on=TODAY, overdue=False),
        DueItem(kind="action", enquiry_id=enquiry, due_on=TODAY, overdue=True),
        DueItem(kind="review", enquiry_id=other, due_on=TODAY, overdue=False),
    ]

    assert flags_by_enquiry(items) == {enquiry: Flag.OVERDUE, other: Flag.DUE_SOON}


def answers(**changes: str) -> ConcernAnswers:
    base = ConcernAnswers(
        enquiry_id=str(uuid.uuid4()),
        person_name="Sam",
        dob_day="9",
        dob_month="5",
        dob_year="2001",
        what_happened='Sam said: "he took my card"\n',
        raised_day="26",
        raised_month="11",
        raised_year="2026",
        referrer_name="Lee",
        referrer_role="Support worker",
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


@pytest.mark.parametrize(
    ("step", "changes", "field", "message"),
    [
        ("person", {"person_name": " "}, "person_name", "Enter their name"),
        ("person", {"dob_day": "", "dob_month": "", "dob_year": ""}, "dob", "Enter their date"),
        ("person", {"dob_day": "30", "dob_month": "2"}, "dob", "must be a real date"),
        ("person", {"dob_year": "2030"}, "dob", "today or in the past"),
        ("what-happened", {"what_happened": ""}, "what_happened", "Enter what happened"),
        ("what-happened", {"raised_year": "2000"}, "raised", "after their birth"),
        ("referrer", {"referrer_role": ""}, "referrer_role", "Enter their role"),
        ("referrer", {"referrer_agency": "x" * 201}, "referrer_agency", "200 characters"),
    ],
)
def test_each_step_names_the_field_to_correct(
    step: str, changes: dict[str, str], field: str, message: str
) -> None:
    errors = check_step(answers(**changes), step, TODAY)

    assert message in errors.messages[field]


def test_a_complete_concern_becomes_intakes_body_with_the_words_as_typed() -> None:
    complete = answers(referrer_agency="")
    body = intake_body(complete, NOW)

    assert first_step_with_errors(complete, TODAY) is None
    assert body["concern"]["what_happened"] == 'Sam said: "he took my card"\n'
    assert body["concern"]["person"] == {"name": "Sam", "date_of_birth": "2001-05-09"}
    assert body["concern"]["referrer"]["agency"] is None
    assert body["concern"]["raised_at"] == NOW.isoformat()  # today: now, never the future


def test_a_concern_raised_on_an_earlier_day_is_at_noon_that_day() -> None:
    assert raised_at(answers(raised_day="2"), NOW) == datetime(2026, 11, 2, 12, tzinfo=UTC)


def test_answers_not_on_this_step_are_carried_hidden() -> None:
    hidden = answers().hidden("person")

    assert "person_name" not in hidden
    assert hidden["what_happened"] == 'Sam said: "he took my card"\n'


def test_the_history_says_what_changed_why_and_when_newest_first() -> None:
    at = datetime(2026, 11, 20, tzinfo=UTC)
    history = [
        HistoryEntry(
            event_type="outcomes.DesiredOutcomeRecorded",
            occurred_at=at,
            recorded_by="asc-1",
            details={"words": "I want to feel safe."},
        ),
        HistoryEntry(event_type="outcomes.RecordViewed", occurred_at=at, recorded_by="asc-1"),
        HistoryEntry(
            event_type="outcomes.DesiredOutcomeRevised",
            occurred_at=at,
            recorded_by="asc-1",
            details={
                "words": "Go to college.",
                "previous_words": "I want to feel safe.",
                "reason": "New term.",
            },
        ),
    ]

    changes = changes_of(history)

    assert [c.what for c in changes] == ["Outcome changed", "Outcome recorded"]
    assert changes[0].previous_words == "I want to feel safe."
    assert changes[0].why == "New term."


def board(*outcomes: dict[str, object]) -> Board:
    return Board.model_validate({"version": 3, "outcomes": list(outcomes)})


def outcome(words: str, **more: object) -> dict[str, object]:
    return {
        "outcome_id": str(uuid.uuid4()),
        "words": words,
        "original_words": words,
        "expressed_by": "person",
        "status": "active",
        "actions": [],
        **more,
    }


def test_easy_read_shows_standing_wishes_most_important_first_with_who_does_what() -> None:
    action = {
        "action_id": str(uuid.uuid4()),
        "outcome_id": str(uuid.uuid4()),
        "what": "Ring the bank",
        "owner": "person",
        "due_on": "2026-12-01",
        "report_back": "face to face",
        "status": "open",
    }
    wishes = wishes_of(
        board(
            outcome("Second", rank=2),
            outcome("Gone", status="withdrawn"),
            outcome("First", rank=1, actions=[action]),
            outcome("No rank"),
        )
    )

    assert [w.words for w in wishes] == ["First", "Second", "No rank"]
    assert wishes[0].steps[0].who == "You"
    assert wishes_of(None) == []


def test_a_disclosures_content_reads_as_lines() -> None:
    content = {"identity": {"name": "Sam", "date_of_birth": None}, "risks": ["Physical Abuse"]}

    assert flattened(content) == [
        ("identity: name", "Sam"),
        ("identity: date of birth", "Not recorded"),
        ("risks", "Physical Abuse"),
    ]
