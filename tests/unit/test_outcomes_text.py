"""The person's words are taken exactly as given; only what cannot be stored is refused."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.outcomes.api.schemas import RecordOutcome
from tests.outcomes_support import AWKWARD_WORDS

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("words", AWKWARD_WORDS)
def test_awkward_words_are_kept_exactly(words: str) -> None:
    command = RecordOutcome(expected_version=0, words=words, expressed_by="person")

    assert command.words == words


@pytest.mark.parametrize("words", ["", "   ", "\n\t", "nul \x00 inside", "lone \ud800 surrogate"])
def test_words_that_cannot_be_stored_as_given_are_refused(words: str) -> None:
    with pytest.raises(ValidationError) as refused:
        RecordOutcome(expected_version=0, words=words, expressed_by="person")

    assert refused.value.errors()[0]["loc"] == ("words",)
