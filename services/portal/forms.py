"""Form errors the GOV.UK way: a message beside each field and a summary at the top linking to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class FormErrors:
    """Field name -> message, in the order the fields appear on the page."""

    messages: dict[str, str] = field(default_factory=dict)
    # Problems with no field of their own on this form: in the summary only.
    general: list[str] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.messages.setdefault(field_name, message)

    def add_general(self, message: str) -> None:
        self.general.append(message)

    def __bool__(self) -> bool:
        return bool(self.messages or self.general)

    def of(self, field_name: str) -> dict[str, str] | None:
        """The `errorMessage` parameter of a GOV.UK component for this field."""
        message = self.messages.get(field_name)
        return {"text": message} if message else None

    def summary(self, ids: dict[str, str] | None = None) -> list[dict[str, str]]:
        """The `errorList` of the error summary; each links to its field's input (`#<id>`)."""
        ids = ids or {}
        return [{"text": message} for message in self.general] + [
            {"text": message, "href": f"#{ids.get(name, name)}"}
            for name, message in self.messages.items()
        ]

    @classmethod
    def from_service(cls, body: dict[str, Any], fields: dict[str, str]) -> FormErrors:
        """A service's 422 body (`{errors: [{field, message}]}`) as errors on this form's fields.

        `fields` maps the service's field names to the form's; a problem with a field the form
        does not show, or with no field, goes in the summary, so nothing the service said is lost.
        """
        errors = cls()
        for problem in body.get("errors") or []:
            name = fields.get(str(problem.get("field", "")))
            message = str(problem.get("message", "")) or "Check this answer"
            if name:
                errors.add(name, message)
            else:
                errors.add_general(message)
        if not errors and body.get("detail"):
            errors.add_general(str(body["detail"]))
        return errors


def typed_date(day: str, month: str, year: str) -> date | None:
    """The date typed in the GOV.UK date input's three boxes; None unless it is a real date."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def posted_version(value: object, fallback: int) -> int:
    """The `expected_version` a form carried back (the version the person saw); `fallback` when
    it is missing or not a version. A stale one is the service's to refuse (409)."""
    try:
        version = int(str(value))
    except ValueError:
        return fallback
    return version if version >= 0 else fallback
