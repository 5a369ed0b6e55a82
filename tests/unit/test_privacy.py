"""No personal data in logs or dead letters, even by accident."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from shared.logging import REDACTED, redact_personal_data
from shared.messaging.errors import SafeToDescribe, describe

pytestmark = pytest.mark.unit
WORDS = "I want my son to stop taking my pension"


class Outcome(BaseModel):
    words: str
    rank: int


def raised(error: Exception) -> Exception:
    try:
        raise error
    except Exception as caught:
        return caught


def test_a_validation_error_is_described_by_field_and_rule_without_the_value() -> None:
    try:
        Outcome.model_validate({"words": WORDS, "rank": WORDS})
    except ValidationError as error:
        text = describe(error)
    assert "rank: int_parsing" in text
    assert WORDS not in text


def test_an_unknown_error_is_described_by_type_and_place_without_its_message() -> None:
    text = describe(raised(RuntimeError(f"failed for {WORDS}")))

    assert text.startswith("RuntimeError at ")
    assert WORDS not in text


def test_an_error_written_to_be_safe_keeps_its_message() -> None:
    class RankTaken(SafeToDescribe):
        pass

    assert "rank 1 is taken" in describe(raised(RankTaken("rank 1 is taken")))


def test_keys_that_hold_personal_data_are_redacted_from_log_lines() -> None:
    line = redact_personal_data(None, "info", {"event": "x", "words": WORDS, "enquiry_id": "e-1"})

    assert line == {"event": "x", "words": REDACTED, "enquiry_id": "e-1"}
