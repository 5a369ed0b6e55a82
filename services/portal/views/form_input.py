"""Reading a posted form defensively, the GOV.UK way: every answer kept as typed (to show again on
an error), text capped, a choice checked against its list, each mistake a message on its field.
What a recording form gives back is a `Submission`: the answers, the errors, intake's path and
body."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from services.portal.forms import FormErrors, typed_date
from services.portal.views.recordable import Recordable

MAX_WORDS = 2_000
MAX_SHORT = 200
MAX_MEDIUM = 500

# (value, label): the national lists' values are their own labels.
Choices = list[tuple[str, str]]
YES_OR_NO: Choices = [("yes", "Yes"), ("no", "No")]


@dataclass
class Submission:
    answers: dict[str, Any]
    errors: FormErrors = field(default_factory=FormErrors)
    path: str = ""
    body: dict[str, Any] = field(default_factory=dict)
    method: str = "POST"
    # The id the form chose for what it records, so that a second send is the same record.
    id_field: str | None = None


@dataclass(frozen=True)
class Context:
    """What a form's checks need beyond what was typed."""

    record: Recordable
    today: date
    agency_id: str
    item_id: UUID | None = None
    # (user id, display name) of the user's colleagues who could lead, for the lead form.
    colleagues: tuple[tuple[str, str], ...] = ()


class Form:
    """The posted fields, read defensively: text capped, choices checked against their list."""

    def __init__(self, data: Any) -> None:
        self._data = data

    def text(self, name: str, limit: int = MAX_WORDS * 5) -> str:
        value = self._data.get(name, "")
        return value[:limit] if isinstance(value, str) else ""

    def many(self, name: str, choices: Choices) -> list[str]:
        allowed = {value for value, _ in choices}
        return [v for v in self._data.getlist(name) if isinstance(v, str) and v in allowed]


def start(data: Any) -> tuple[Form, dict[str, Any], FormErrors]:
    return Form(data), {}, FormErrors()


def required_choice(
    form: Form,
    answers: dict[str, Any],
    errors: FormErrors,
    name: str,
    choices: Choices,
    message: str,
) -> str | None:
    value = form.text(name, MAX_MEDIUM)
    answers[name] = value
    if value not in {v for v, _ in choices}:
        errors.add(name, message)
        return None
    return value


def required_text(
    form: Form,
    answers: dict[str, Any],
    errors: FormErrors,
    name: str,
    message: str,
    limit: int,
    called: str,
) -> str:
    """Required words, kept exactly as typed; only all-blank counts as empty. `called`: what the
    field is called in the too-long message ("The reason must be 2,000 characters or fewer")."""
    value = form.text(name)
    answers[name] = value
    if not value.strip():
        errors.add(name, message)
    elif len(value) > limit:
        errors.add(name, too_long(called, limit))
    return value


def optional_text(
    form: Form, answers: dict[str, Any], errors: FormErrors, name: str, limit: int, called: str
) -> str | None:
    value = form.text(name)
    answers[name] = value
    if len(value) > limit:
        errors.add(name, too_long(called, limit))
    return value if value.strip() else None


def too_long(called: str, limit: int) -> str:
    return f"{called} must be {limit:,} characters or fewer"


def date_typed(form: Form, answers: dict[str, Any], prefix: str) -> tuple[date | None, bool]:
    """(the date, whether anything was typed)."""
    parts = [form.text(f"{prefix}_{part}", 4) for part in ("day", "month", "year")]
    for part, value in zip(("day", "month", "year"), parts, strict=True):
        answers[f"{prefix}_{part}"] = value
    if not any(p.strip() for p in parts):
        return None, False
    return typed_date(*parts), True
