"""Text fields for the person's words and the notes around them: kept exactly as given.

Nothing is trimmed or normalised. Refused only is what cannot be stored as given: empty or
blank text, a NUL character (PostgreSQL text cannot hold it) and unpaired surrogates (not
encodable as UTF-8).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field


def _storable(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


Words = Annotated[
    str,
    Field(
        min_length=1, max_length=4000, description="exactly as said; stored and returned verbatim"
    ),
    AfterValidator(_storable),
]
Note = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_storable)]
Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_storable)]
