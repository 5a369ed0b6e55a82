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

ENQUIRY_ID = "8f0e6a52-2a1e-4b57-9a61-3c0d6d1c2b11"
WHO = {"user_id": "asc-manager", "agency_id": "adult-social-care", "role": "manager"}

DETAIL_EXAMPLE: dict[str, Any] = {
    "enquiry_id": ENQUIRY_ID,
    "version": 7,
    "status": "open",
    "lead_agency_id": "adult-social-care",
    "lead_practitioner_id": "asc-practitioner",
    "opened_at": "2026-11-02T10:20:00Z",
    "concern": {"enquiry_id": ENQUIRY_ID, "age_band": "85-94", **CONCERN_EXAMPLE},
    "risks": [
        {
            "risk_id": "3b2f9a1c-5d4e-4f6a-8b7c-9d0e1f2a3b4c",
            "risk_type": "Financial or Material Abuse",
            "location": "Own Home",
            "source": "Other - Known to individual",
            "assessment_outcome": None,
            "risk_outcome": None,
        }
    ],
    "section_42": None,
    "capacity_assessments": [],
    "pauses": [],
    "advocacy": [],
    "preferences_history": [],
    "consent_ledger": [],
    "monitoring": None,
    "pending_transfer": None,
    "lead_history": [],
    "closure": None,
    "closure_proposal": None,
    "reopenings": [],
    "communication_preferences": None,
    "ica_required_until_appointed": False,
    "timescales_are_paused": False,
    "consent_in_force": [],
    "unassessed_outcomes": 1,
    "closure_blocked_by": "The section 42 decision has not been made.",
}

TIMELINE_EXAMPLE: dict[str, Any] = {
    "enquiry_id": ENQUIRY_ID,
    "entries": [
        {
            "version": 7,
            "event_type": "intake.EnquiryReopened",
            "what": "Enquiry reopened",
            "who": WHO,
            "when": "2026-12-01T09:00:00Z",
            "why": "A new concern about the same neighbour.",
            "details": {
                "enquiry_id": ENQUIRY_ID,
                "reopened_at": "2026-12-01T09:00:00Z",
                "reason": "A new concern about the same neighbour.",
            },
        }
    ],
}

ACCESS_LOG_EXAMPLE: dict[str, Any] = {
    "enquiry_id": ENQUIRY_ID,
    "views": [{**WHO, "view": "detail", "viewed_at": "2026-11-04T09:00:00Z"}],
}
