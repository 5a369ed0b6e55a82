"""The exact figures the report is built from, as the read models give them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# (risk type, location, source, assessment outcome or None, risk outcome or None) → risks
RiskKey = tuple[str, str, str, str | None, str | None]


@dataclass(frozen=True)
class ReportFacts:
    opened_by_agency: Mapping[str, int] = field(default_factory=dict)
    closed_by_agency: Mapping[str, int] = field(default_factory=dict)
    # Enquiries closed in the period whose start (concern, else opening) is known, per band
    # label, and the median of their days from start to closure.
    closure_bands: Mapping[str, int] = field(default_factory=dict)
    closure_median_days: float | None = None
    asked_codes: Mapping[str, int] = field(default_factory=dict)  # concluded enquiries per code
    outcomes: Mapping[str, int] = field(default_factory=dict)  # fully / partially / not_achieved
    requests: Mapping[str, int] = field(default_factory=dict)  # requests made, per status now
    not_asked_refused: int = 0  # closures in the period not asked about: they refused earlier
    answers: Mapping[tuple[str, str | None], int] = field(default_factory=dict)  # (key, value)
    concerns_by_agency: Mapping[str, int] = field(default_factory=dict)  # raised in the period
    section42: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (agency, result)
    risks: Mapping[RiskKey, int] = field(default_factory=dict)  # of enquiries closed in period
    # (capacity reporting value, supported by an advocate, family or friend) → enquiries closed
    capacity: Mapping[tuple[str, bool], int] = field(default_factory=dict)
    reviews_overdue: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # (reviews, enq.)
