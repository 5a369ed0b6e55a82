"""Describing a failure for operators without leaking personal data into logs or dead letters."""

from __future__ import annotations

import traceback

from pydantic import ValidationError

OWN_CODE = ("/shared/", "/services/", "/tests/")


class SafeToDescribe(Exception):
    """Base for errors whose message is written to carry ids and rules only, never personal data."""


def describe(error: BaseException) -> str:
    """Type, where it was raised, and a message only where the message is known to be safe.

    Driver and validation errors can quote the values involved (a name, the person's words), so
    their text is left out; the operator still sees what failed and where.
    """
    where = ""
    frames = traceback.extract_tb(error.__traceback__)
    # The innermost frame in the platform's own code says more than one deep in a driver.
    own = [f for f in frames if any(part in f.filename for part in OWN_CODE)] or frames
    if own:
        place = own[-1]
        where = f" at {'/'.join(place.filename.rsplit('/', 2)[-2:])}:{place.lineno}"
    if isinstance(error, ValidationError):
        fields = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['type']}"
            for item in error.errors()
        )
        return f"ValidationError{where}: {fields}"
    if isinstance(error, SafeToDescribe):
        return f"{type(error).__name__}{where}: {error}"
    return f"{type(error).__name__}{where}"
