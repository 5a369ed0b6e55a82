"""Raise a concern, step by step: the answers, each step's checks and the body sent to intake.

The answers travel with every step as form fields (never in the address, never in a log), so
going back, correcting a mistake or a refused answer loses nothing typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time
from typing import Any

from services.portal.forms import FormErrors, typed_date

MAX_SHORT = 200
MAX_LONG = 10_000
STEPS = ("person", "what-happened", "referrer", "check")
STEP_FIELDS = {
    "person": ("person_name", "dob_day", "dob_month", "dob_year"),
    "what-happened": ("what_happened", "raised_day", "raised_month", "raised_year"),
    "referrer": ("referrer_name", "referrer_role", "referrer_agency"),
}


@dataclass
class ConcernAnswers:
    enquiry_id: str = ""
    person_name: str = ""
    dob_day: str = ""
    dob_month: str = ""
    dob_year: str = ""
    what_happened: str = ""
    raised_day: str = ""
    raised_month: str = ""
    raised_year: str = ""
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_agency: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> ConcernAnswers:
        names = [f.name for f in fields(cls)]
        return cls(**{name: str(form.get(name, ""))[:MAX_LONG] for name in names})

    def hidden(self, step: str) -> dict[str, str]:
        """The answers not asked on this step, to carry as hidden fields."""
        shown = set(STEP_FIELDS.get(step, ()))
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in shown}

    def date_of_birth(self) -> date | None:
        return typed_date(self.dob_day, self.dob_month, self.dob_year)

    def raised_on(self) -> date | None:
        return typed_date(self.raised_day, self.raised_month, self.raised_year)


def _check_date(
    errors: FormErrors, name: str, parts: tuple[str, str, str], what: str, today: date
) -> None:
    if not any(part.strip() for part in parts):
        errors.add(name, f"Enter {what}")
        return
    answer = typed_date(*parts)
    if answer is None or answer.year < 1900:
        errors.add(name, f"{what[0].upper()}{what[1:]} must be a real date")
    elif answer > today:
        errors.add(name, f"{what[0].upper()}{what[1:]} must be today or in the past")


def _check_text(errors: FormErrors, name: str, value: str, missing: str, limit: int) -> None:
    if not value.strip():
        errors.add(name, missing)
    elif len(value) > limit:
        errors.add(name, f"Must be {limit} characters or fewer")


def check_step(answers: ConcernAnswers, step: str, today: date) -> FormErrors:
    errors = FormErrors()
    if step == "person":
        _check_text(errors, "person_name", answers.person_name, "Enter their name", MAX_SHORT)
        dob = (answers.dob_day, answers.dob_month, answers.dob_year)
        _check_date(errors, "dob", dob, "their date of birth", today)
    elif step == "what-happened":
        _check_text(errors, "what_happened", answers.what_happened, "Enter what happened", MAX_LONG)
        raised = (answers.raised_day, answers.raised_month, answers.raised_year)
        _check_date(errors, "raised", raised, "the date the concern was raised", today)
        born, raised_on = answers.date_of_birth(), answers.raised_on()
        if born and raised_on and raised_on <= born:
            errors.add("raised", "The date the concern was raised must be after their birth")
    elif step == "referrer":
        _check_text(
            errors, "referrer_name", answers.referrer_name, "Enter who raised it", MAX_SHORT
        )
        _check_text(errors, "referrer_role", answers.referrer_role, "Enter their role", MAX_SHORT)
        if len(answers.referrer_agency) > MAX_SHORT:
            errors.add("referrer_agency", f"Must be {MAX_SHORT} characters or fewer")
    return errors


def first_step_with_errors(answers: ConcernAnswers, today: date) -> tuple[str, FormErrors] | None:
    for step in STEPS[:-1]:
        errors = check_step(answers, step, today)
        if errors:
            return step, errors
    return None


def raised_at(answers: ConcernAnswers, now: datetime) -> datetime:
    """Noon UTC on the day given, or now when that is today: never in the future."""
    day = answers.raised_on() or now.date()
    return min(datetime.combine(day, time(12), tzinfo=UTC), now)


def intake_body(answers: ConcernAnswers, now: datetime) -> dict[str, Any]:
    dob = answers.date_of_birth()
    return {
        "enquiry_id": answers.enquiry_id,
        "concern": {
            "referrer": {
                "name": answers.referrer_name.strip(),
                "role": answers.referrer_role.strip(),
                "agency": answers.referrer_agency.strip() or None,
            },
            "raised_at": raised_at(answers, now).isoformat(),
            # The words as typed: the person's (or referrer's) words are kept verbatim.
            "what_happened": answers.what_happened,
            "person": {
                "name": answers.person_name.strip(),
                "date_of_birth": dob.isoformat() if dob else None,
            },
        },
    }


# Intake's field names -> this form's fields and the step that asks them.
SERVICE_FIELDS = {
    "concern.person.name": "person_name",
    "concern.person.date_of_birth": "dob",
    "concern.what_happened": "what_happened",
    "concern.raised_at": "raised",
    "concern.referrer.name": "referrer_name",
    "concern.referrer.role": "referrer_role",
    "concern.referrer.agency": "referrer_agency",
}
STEP_OF = {
    "person_name": "person",
    "dob": "person",
    "what_happened": "what-happened",
    "raised": "what-happened",
    "referrer_name": "referrer",
    "referrer_role": "referrer",
    "referrer_agency": "referrer",
}
