"""Facts in, the report's tables out: pure, so that every cell can be checked by hand."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from datetime import date

from services.feedback.questions import QUESTIONS, Wording
from services.feedback.report.facts import ReportFacts
from services.feedback.report.model import BoardReport, Count, Measure, Row, Table

# The national "were they asked?" reporting code (DOMAIN.md, section 7), in reporting order.
ASKED_CODES = (
    "Yes they were asked and outcomes were expressed",
    "Yes they were asked but no outcomes were expressed",
    "No",
    "Don't know",
    "Not recorded",
)
ACHIEVEMENT = (
    ("fully", "Fully Achieved"),
    ("partially", "Partially Achieved"),
    ("not_achieved", "Not Achieved"),
)
REQUEST_OUTCOMES = (
    ("open", "Still open"),
    ("answered", "Answered"),
    ("expired", "Expired unanswered"),
    ("refused", "Refused"),
)
# Upper bounds in days, inclusive; the last band is everything longer.
CLOSURE_BANDS = (
    (28, "Within 4 weeks"),
    (91, "4 to 13 weeks"),
    (182, "13 to 26 weeks"),
    (None, "Over 26 weeks"),
)
TOTAL = "Total"
NOT_ANSWERED = "Not answered"


def build_report(
    facts: ReportFacts, *, period_from: date, period_to: date, agency_id: str | None
) -> BoardReport:
    return BoardReport(
        period_from,
        period_to,
        agency_id,
        (
            _enquiries(facts),
            _time_to_closure(facts),
            _asked(facts),
            _achieved(facts),
            _requests(facts),
            _answers(facts),
        ),
    )


def _enquiries(facts: ReportFacts) -> Table:
    agencies = sorted(set(facts.opened_by_agency) | set(facts.closed_by_agency))
    rows = [
        Row(a, (Count(facts.opened_by_agency.get(a, 0)), Count(facts.closed_by_agency.get(a, 0))))
        for a in agencies
    ]
    total = Row(
        TOTAL,
        (Count(sum(facts.opened_by_agency.values())), Count(sum(facts.closed_by_agency.values()))),
    )
    return Table("enquiries", "Enquiries by lead agency", ("Opened", "Closed"), (*rows, total))


def _band_of(days: float) -> str:
    for upper, label in CLOSURE_BANDS:
        if upper is None or days <= upper:
            return label
    raise AssertionError  # the last band has no upper bound


def _time_to_closure(facts: ReportFacts) -> Table:
    counts = dict.fromkeys((label for _u, label in CLOSURE_BANDS), 0)
    for days in facts.days_to_closure:
        counts[_band_of(days)] += 1
    closed = len(facts.days_to_closure)
    median = statistics.median(facts.days_to_closure) if closed else None
    rows = [Row(label, (Count(n), Measure(None, n))) for label, n in counts.items()]
    rows.append(Row(TOTAL, (Count(closed), Measure(median, closed))))
    return Table(
        "time_to_closure",
        "Time from opening to closure (enquiries closed in the period)",
        ("Enquiries", "Median days"),
        tuple(rows),
    )


def _asked(facts: ReportFacts) -> Table:
    codes = [*ASKED_CODES, *sorted(set(facts.asked_codes) - set(ASKED_CODES))]
    rows = [Row(code, (Count(facts.asked_codes.get(code, 0)),)) for code in codes]
    rows.append(Row(TOTAL, (Count(sum(facts.asked_codes.values())),)))
    return Table(
        "outcomes_asked",
        "Were they asked what outcomes they wanted? (concluded enquiries)",
        ("Enquiries",),
        tuple(rows),
    )


def _achieved(facts: ReportFacts) -> Table:
    rows = [Row(label, (Count(facts.outcomes.get(key, 0)),)) for key, label in ACHIEVEMENT]
    rows.append(Row(TOTAL, (Count(sum(facts.outcomes.values())),)))
    return Table(
        "outcomes_achieved",
        "Outcomes achieved (concluded enquiries)",
        ("Outcomes",),
        tuple(rows),
    )


def _requests(facts: ReportFacts) -> Table:
    rows = [Row(label, (Count(facts.requests.get(key, 0)),)) for key, label in REQUEST_OUTCOMES]
    rows.append(Row(TOTAL, (Count(sum(facts.requests.values())),)))
    rows.append(Row("Not asked: they had refused before", (Count(facts.not_asked_refused),)))
    return Table(
        "feedback_requests",
        "Feedback requests made in the period, and how they ended",
        ("Requests",),
        tuple(rows),
    )


def _answers(facts: ReportFacts) -> Table:
    rows: list[Row] = []
    for question in QUESTIONS:
        title = question.text.in_(Wording.PERSON)
        if question.kind == "words":
            options: list[tuple[str | None, str]] = [("given", "Said in their own words")]
        else:
            options = [(str(c.value), c.label.in_(Wording.PERSON)) for c in question.choices]
        options.append((None, NOT_ANSWERED))
        rows.extend(
            Row(f"{title} {label}", (Count(_answered(facts.answers, question.key, value)),))
            for value, label in options
        )
    return Table(
        "feedback_answers",
        "Feedback answers received in the period (named and anonymous)",
        ("Answers",),
        tuple(rows),
    )


def _answered(answers: Mapping[tuple[str, str | None], int], key: str, value: str | None) -> int:
    return answers.get((key, value), 0)
