"""The exact figures the report is built from, as the read models give them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportFacts:
    opened_by_agency: Mapping[str, int] = field(default_factory=dict)
    closed_by_agency: Mapping[str, int] = field(default_factory=dict)
    days_to_closure: Sequence[float] = ()  # one per enquiry closed in the period (opening known)
    asked_codes: Mapping[str, int] = field(default_factory=dict)  # concluded enquiries per code
    outcomes: Mapping[str, int] = field(default_factory=dict)  # fully / partially / not_achieved
    requests: Mapping[str, int] = field(default_factory=dict)  # requests made, per status now
    not_asked_refused: int = 0  # closures in the period not asked about: they refused earlier
    answers: Mapping[tuple[str, str | None], int] = field(default_factory=dict)  # (key, value)
