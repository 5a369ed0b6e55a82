"""Facts in, the report's tables out: pure, so that every cell can be checked by hand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

from services.feedback.questions import QUESTIONS, Wording
from services.feedback.report.facts import ReportFacts
from services.feedback.report.model import BoardReport, Count, Measure, Row, Table
from shared.codes import (
    CapacityOutcome,
    RiskAssessmentOutcome,
    RiskLocation,
    RiskOutcome,
    RiskSource,
    RiskType,
    Section42Result,
)

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
NOT_RECORDED = "Not recorded"
SUPPORTED = (
    (True, "Yes, supported by an advocate, family or friend"),
    (False, "No, not supported by an advocate, family or friend"),
)


def build_report(
    facts: ReportFacts, *, period_from: date, period_to: date, agency_id: str | None
) -> BoardReport:
    return BoardReport(
        period_from,
        period_to,
        agency_id,
        (
            _concerns(facts),
            _enquiries(facts),
            _time_to_closure(facts),
            _asked(facts),
            _achieved(facts),
            *_risks(facts),
            _capacity(facts),
            _capacity_support(facts),
            _reviews_overdue(facts),
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


def _time_to_closure(facts: ReportFacts) -> Table:
    timed = sum(facts.closure_bands.values())
    rows = [
        Row(label, (Count(facts.closure_bands.get(label, 0)), Measure(None, 0)))
        for _upper, label in CLOSURE_BANDS
    ]
    rows.append(Row(TOTAL, (Count(timed), Measure(facts.closure_median_days, timed))))
    return Table(
        "time_to_closure",
        "Time from concern to closure (enquiries closed in the period; from the opening where no"
        " concern is recorded)",
        ("Enquiries", "Median days"),
        tuple(rows),
    )


def _concerns(facts: ReportFacts) -> Table:
    results = tuple(Section42Result)
    agencies = sorted(set(facts.concerns_by_agency) | {a for a, _r in facts.section42})

    def cells(concerns: int, decided: Mapping[str, int]) -> tuple[Count, ...]:
        return (Count(concerns), *(Count(decided.get(r, 0)) for r in results))

    rows = [
        Row(
            agency,
            cells(
                facts.concerns_by_agency.get(agency, 0),
                {r: n for (a, r), n in facts.section42.items() if a == agency},
            ),
        )
        for agency in agencies
    ]
    totals: dict[str, int] = {}
    for (_agency, result), n in facts.section42.items():
        totals[result] = totals.get(result, 0) + n
    rows.append(Row(TOTAL, cells(sum(facts.concerns_by_agency.values()), totals)))
    return Table(
        "concerns",
        "Concerns raised, and what was decided (Section 42 test decided in the period)",
        ("Concerns raised", "Section 42 enquiries", "Other enquiries", "No enquiry"),
        tuple(rows),
    )


def _tally(
    codes: Iterable[str], counts: Mapping[str | None, int], *, not_recorded: bool
) -> tuple[Row, ...]:
    rows = [Row(code, (Count(counts.get(code, 0)),)) for code in codes]
    if not_recorded:
        rows.append(Row(NOT_RECORDED, (Count(counts.get(None, 0)),)))
    rows.append(Row(TOTAL, (Count(sum(counts.values())),)))
    return tuple(rows)


def _risks(facts: ReportFacts) -> tuple[Table, ...]:
    def by(position: int) -> dict[str | None, int]:
        counts: dict[str | None, int] = {}
        for key, n in facts.risks.items():
            counts[key[position]] = counts.get(key[position], 0) + n
        return counts

    def values(codes: type[StrEnum]) -> list[str]:
        return [c.value for c in codes]

    of = "(risks in enquiries closed in the period)"
    return (
        Table(
            "risk_types",
            f"Type of risk {of}",
            ("Risks",),
            _tally(values(RiskType), by(0), not_recorded=False),
        ),
        Table(
            "risk_locations",
            f"Location of risk {of}",
            ("Risks",),
            _tally(values(RiskLocation), by(1), not_recorded=False),
        ),
        Table(
            "risk_sources",
            f"Source of risk {of}",
            ("Risks",),
            _tally(values(RiskSource), by(2), not_recorded=False),
        ),
        Table(
            "risk_assessment",
            f"Risk assessment outcome {of}",
            ("Risks",),
            _tally(values(RiskAssessmentOutcome), by(3), not_recorded=True),
        ),
        Table(
            "risk_outcomes",
            f"Risk outcome {of}",
            ("Risks",),
            _tally(values(RiskOutcome), by(4), not_recorded=True),
        ),
    )


def _capacity(facts: ReportFacts) -> Table:
    counts: dict[str | None, int] = {}
    for (value, _supported), n in facts.capacity.items():
        counts[value] = counts.get(value, 0) + n
    return Table(
        "capacity",
        "Did they lack capacity for decisions in the enquiry? (enquiries closed in the period)",
        ("Enquiries",),
        _tally([c.value for c in CapacityOutcome], counts, not_recorded=False),
    )


def _capacity_support(facts: ReportFacts) -> Table:
    lacked = CapacityOutcome.LACKED.value
    rows = [
        Row(label, (Count(facts.capacity.get((lacked, supported), 0)),))
        for supported, label in SUPPORTED
    ]
    total = sum(n for (value, _s), n in facts.capacity.items() if value == lacked)
    rows.append(Row(TOTAL, (Count(total),)))
    return Table(
        "capacity_support",
        "Those who lacked capacity: were they supported by an advocate, family or friend?",
        ("Enquiries",),
        tuple(rows),
    )


def _reviews_overdue(facts: ReportFacts) -> Table:
    rows = [
        Row(agency, (Count(reviews), Count(enquiries)))
        for agency, (reviews, enquiries) in sorted(facts.reviews_overdue.items())
    ]
    totals = [sum(x) for x in zip(*facts.reviews_overdue.values(), strict=True)] or [0, 0]
    rows.append(Row(TOTAL, (Count(totals[0]), Count(totals[1]))))
    return Table(
        "reviews_overdue",
        "Reviews overdue (due in the period and not held by their date)",
        ("Reviews", "Enquiries"),
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
