"""The outcome forms' own checks and the bodies they send to outcomes (pure)."""

from __future__ import annotations

from datetime import date

from services.portal.views.outcome_forms import FORMS, body_of, check

TODAY = date(2026, 11, 27)


def test_the_persons_words_are_sent_exactly_as_typed() -> None:
    words = "  “No” — not the day centre 😊\r\n"
    posted = {"words": words, "kind": "wish", "expressed_by": "person", "rank": ""}
    checked = check(FORMS["record"], posted, TODAY, [])
    assert not checked.errors
    assert body_of(FORMS["record"], checked.values, 3) == {
        "words": words,
        "kind": "wish",
        "expressed_by": "person",
        "expected_version": 3,
    }


def test_missing_and_unknown_answers_are_named_beside_their_field() -> None:
    checked = check(FORMS["record"], {"words": " ", "kind": "maybe"}, TODAY, [])
    assert checked.errors.messages == {
        "words": "Enter what they said, in their words",
        "kind": "Select whether they want it or do not want it",
        "expressed_by": "Select who said it",
    }
    assert checked.answers["kind"] == "maybe"


def test_dates_must_be_real_and_on_the_right_side_of_today() -> None:
    form = FORMS["schedule"]
    unreal = check(
        form, {"due_on_day": "31", "due_on_month": "2", "due_on_year": "2027"}, TODAY, []
    )
    past = check(form, {"due_on_day": "26", "due_on_month": "11", "due_on_year": "2026"}, TODAY, [])
    today = check(
        form, {"due_on_day": "27", "due_on_month": "11", "due_on_year": "2026"}, TODAY, []
    )
    assert unreal.errors.messages == {"due_on": "The review date must be a real date"}
    assert past.errors.messages == {"due_on": "The review date must be today or later"}
    assert body_of(form, today.values, 0) == {"due_on": "2026-11-27", "expected_version": 0}
    held = check(
        FORMS["review"],
        {"held_on_day": "28", "held_on_month": "11", "held_on_year": "2026"},
        TODAY,
        [],
    )
    assert held.errors.messages["held_on"] == "The date of the review must be today or earlier"


def test_an_agency_is_asked_for_only_when_an_agency_will_do_it() -> None:
    base = {
        "what": "Travel training",
        "due_on_day": "1",
        "due_on_month": "12",
        "due_on_year": "2026",
        "report_back": "Face to face",
    }
    person = check(FORMS["action"], {**base, "owner": "person"}, TODAY, [])
    agency = check(FORMS["action"], {**base, "owner": "agency"}, TODAY, [])
    assert not person.errors
    assert "owner_agency_id" not in body_of(FORMS["action"], person.values, 1)
    assert agency.errors.messages == {"owner_agency_id": "Select the agency"}


def test_a_review_sends_attendees_one_a_line_and_progress_per_outcome() -> None:
    posted = {
        "held_on_day": "27", "held_on_month": "11", "held_on_year": "2026",
        "attendees": "Sam\r\n\r\nAlex Morgan\n", "person_attended": "yes", "advocate_attended": "no",
        "persons_view": "Better", "progress_a": "on track", "progress_b": "nonsense",
    }  # fmt: skip
    checked = check(FORMS["review"], posted, TODAY, ["a", "b"])
    body = body_of(FORMS["review"], checked.values, 5)
    assert not checked.errors
    assert body["attendees"] == ["Sam", "Alex Morgan"]
    assert body["person_attended"] is True
    assert body["advocate_attended"] is False
    assert body["progress"] == [{"outcome_id": "a", "progress": "on track"}]
    assert "next_due_on" not in body


def test_an_assessment_and_whether_they_were_asked_send_outcomes_own_values() -> None:
    assessed = check(
        FORMS["assess"],
        {"achievement": "Partially Achieved", "persons_view": " Mostly ", "person_agrees": "no"},
        TODAY,
        [],
    )
    asked = check(FORMS["asked"], {"code": "No", "asked_whom": ""}, TODAY, [])
    assert body_of(FORMS["assess"], assessed.values, 7) == {
        "achievement": "Partially Achieved",
        "persons_view": " Mostly ",
        "person_agrees": False,
        "expected_version": 7,
    }
    assert body_of(FORMS["asked"], asked.values, 0) == {"code": "No", "expected_version": 0}


def test_moving_or_cancelling_an_action_needs_a_reason() -> None:
    cancel = check(FORMS["cancel"], {"reason": ""}, TODAY, [])
    moved = check(
        FORMS["new-date"],
        {"due_on_day": "1", "due_on_month": "12", "due_on_year": "2026", "reason": "Away"},
        TODAY,
        [],
    )
    assert cancel.errors.messages == {"reason": "Enter why it is cancelled"}
    assert body_of(FORMS["new-date"], moved.values, 2) == {
        "due_on": "2026-12-01",
        "reason": "Away",
        "expected_version": 2,
    }
