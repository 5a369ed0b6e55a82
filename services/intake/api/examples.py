"""Examples for the OpenAPI document, drawn from the toolkit's case studies."""

from __future__ import annotations

from typing import Any

CONCERN_EXAMPLE: dict[str, Any] = {
    "referrer": {
        "name": "Pat Jones",
        "role": "Community nurse",
        "agency": "Health",
        "contact": "01534 000000",
    },
    "raised_at": "2026-11-02T10:15:00Z",
    "what_happened": "Joyce said her neighbour keeps asking her to lend him money.",
    "person": {
        "name": "Joyce",
        "date_of_birth": "1941-03-14",
        "gender": "Woman",
        "ethnicity": "White British",
        "primary_support_reason": "Sensory Support",
        "contact": "phone 01534 111111",
    },
    "others_at_risk": {"adults": False, "children": False},
    "alleged_source_of_harm": {
        "relationship": "neighbour",
        "lives_with_person": False,
        "also_adult_at_risk": False,
        "in_position_of_trust": False,
    },
}
