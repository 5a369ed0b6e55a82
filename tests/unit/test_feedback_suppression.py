"""The board report's pure parts: small-number suppression, the tables built from facts by hand,
CSV and JSON in both modes."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.feedback.report.build import ASKED_CODES, TOTAL, build_report
from services.feedback.report.facts import ReportFacts
from services.feedback.report.model import Count, Measure, to_csv, to_json
from services.feedback.report.query import months_of
from services.feedback.report.suppression import SUPPRESSED, publish_count, publish_measure

pytestmark = pytest.mark.unit
FROM, TO = date(2026, 4, 1), date(2026, 7, 1)


@pytest.mark.parametrize(
    ("count", "published"),
    [
        (0, SUPPRESSED),
        (1, SUPPRESSED),
        (4, SUPPRESSED),
        (5, 5),
        (6, 5),
        (7, 5),
        (8, 10),
        (9, 10),
        (10, 10),
        (12, 10),
        (13, 15),
        (102, 100),
        (103, 105),
    ],
)
def test_counts_below_five_are_suppressed_and_others_rounded_to_the_nearest_five(
    count: int, published: int | str
) -> None:
    assert publish_count(count) == published


@given(st.integers(min_value=5, max_value=10**9))
def test_a_published_count_is_a_multiple_of_five_within_two_of_the_truth(count: int) -> None:
    published = publish_count(count)

    assert isinstance(published, int)
    assert published % 5 == 0
    assert abs(published - count) <= 2


def test_a_negative_count_is_a_mistake_not_a_figure() -> None:
    with pytest.raises(ValueError, match="negative"):
        publish_count(-1)


def test_a_measure_over_fewer_than_five_enquiries_is_suppressed() -> None:
    assert publish_measure(12.25, 4) == SUPPRESSED
    assert publish_measure(12.25, 5) == 12.2
    assert publish_measure(None, 0) is None


def test_a_period_counts_the_months_whose_first_day_it_holds() -> None:
    assert months_of(FROM, TO) == ["2026-04", "2026-05", "2026-06"]
    assert months_of(date(2026, 11, 15), date(2027, 2, 1)) == ["2026-12", "2027-01"]
    assert months_of(FROM, FROM) == []


FACTS = ReportFacts(
    opened_by_agency={"adult-social-care": 12, "police": 3},
    closed_by_agency={"adult-social-care": 7},
    # days 10, 20, 28 | 29, 60 | 200: one closure had no known opening
    closure_bands={"Within 4 weeks": 3, "4 to 13 weeks": 2, "Over 26 weeks": 1},
    closure_median_days=28.5,
    asked_codes={ASKED_CODES[0]: 6, "No": 1},
    outcomes={"fully": 9, "partially": 3, "not_achieved": 1},
    requests={"answered": 4, "expired": 2, "open": 1},
    not_asked_refused=1,
    answers={("feel_safer", "yes"): 6, ("feel_safer", None): 1, ("satisfaction", "5"): 3},
)


def test_every_cell_of_the_exact_report_matches_the_hand_computed_value() -> None:
    report = build_report(FACTS, period_from=FROM, period_to=TO, agency_id=None)

    enquiries = report.table("enquiries")
    assert [r.label for r in enquiries.rows] == ["adult-social-care", "police", TOTAL]
    assert enquiries.cell("adult-social-care", "Opened") == Count(12)
    assert enquiries.cell("police", "Closed") == Count(0)
    assert enquiries.cell(TOTAL, "Opened") == Count(15)
    assert enquiries.cell(TOTAL, "Closed") == Count(7)
    timing = report.table("time_to_closure")
    assert [timing.cell(r.label, "Enquiries") for r in timing.rows] == [
        Count(3),
        Count(2),
        Count(0),
        Count(1),
        Count(6),
    ]
    assert timing.cell(TOTAL, "Median days") == Measure(28.5, 6)
    asked = report.table("outcomes_asked")
    assert [asked.cell(code, "Enquiries") for code in ASKED_CODES] == [
        Count(6),
        Count(0),
        Count(1),
        Count(0),
        Count(0),
    ]
    assert asked.cell(TOTAL, "Enquiries") == Count(7)
    achieved = report.table("outcomes_achieved")
    assert achieved.cell("Fully Achieved", "Outcomes") == Count(9)
    assert achieved.cell(TOTAL, "Outcomes") == Count(13)
    requests = report.table("feedback_requests")
    assert requests.cell("Answered", "Requests") == Count(4)
    assert requests.cell("Refused", "Requests") == Count(0)
    assert requests.cell(TOTAL, "Requests") == Count(7)
    assert requests.cell("Not asked: they had refused before", "Requests") == Count(1)
    answers = report.table("feedback_answers")
    assert answers.cell("Do you feel safer now? Yes", "Answers") == Count(6)
    assert answers.cell("Do you feel safer now? Not answered", "Answers") == Count(1)
    assert answers.cell(
        "Overall, how happy are you with the help you had? Very happy", "Answers"
    ) == Count(3)


def test_the_publication_mode_suppresses_every_small_cell_in_json_and_csv() -> None:
    report = build_report(FACTS, period_from=FROM, period_to=TO, agency_id="adult-social-care")

    published = to_json(report, publication=True)
    exact = to_json(report, publication=False)
    rows = list(csv.DictReader(io.StringIO(to_csv(report, publication=True))))

    enquiries = next(t for t in published["tables"] if t["key"] == "enquiries")
    assert published["mode"] == "publication"
    assert published["agency"] == "adult-social-care"
    assert enquiries["rows"][0] == {"label": "adult-social-care", "cells": [10, 5]}
    assert enquiries["rows"][1] == {"label": "police", "cells": [SUPPRESSED, SUPPRESSED]}
    assert enquiries["rows"][2] == {"label": TOTAL, "cells": [15, 5]}
    exact_enquiries = next(t for t in exact["tables"] if t["key"] == "enquiries")
    assert exact_enquiries["rows"][1] == {"label": "police", "cells": [3, 0]}
    median = next(r for r in rows if r["row"] == TOTAL and r["column"] == "Median days")
    assert median["value"] == "28.5"
    small = [r for r in rows if r["column"] != "Median days" and r["value"] not in ("", SUPPRESSED)]
    assert all(int(r["value"]) % 5 == 0 and int(r["value"]) >= 5 for r in small)
