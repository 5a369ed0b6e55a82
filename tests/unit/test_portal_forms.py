"""Form errors: the GOV.UK error summary and messages, and a service's 422 mapped onto a form."""

from __future__ import annotations

import pytest

from services.portal.forms import FormErrors

pytestmark = pytest.mark.unit


def test_the_summary_links_each_message_to_its_field_in_page_order() -> None:
    errors = FormErrors()
    errors.add("email", "Enter your email address")
    errors.add("password", "Enter your password")
    errors.add("email", "A second message for a field is not shown")

    assert errors.summary({"password": "password-input"}) == [
        {"text": "Enter your email address", "href": "#email"},
        {"text": "Enter your password", "href": "#password-input"},
    ]
    assert errors.of("email") == {"text": "Enter your email address"}
    assert errors.of("name") is None


def test_no_errors_is_false() -> None:
    assert not FormErrors()


def test_a_services_field_errors_land_on_the_forms_fields() -> None:
    body = {
        "detail": "The request has fields that need correcting.",
        "errors": [
            {"field": "summary", "message": "Describe the concern"},
            {"field": "person.date_of_birth", "message": "Enter a date in the past"},
            {"field": "something_unshown", "message": "Not allowed"},
        ],
    }

    errors = FormErrors.from_service(
        body, {"summary": "concern", "person.date_of_birth": "date-of-birth"}
    )

    assert errors.messages == {
        "concern": "Describe the concern",
        "date-of-birth": "Enter a date in the past",
    }
    assert errors.summary()[0] == {"text": "Not allowed"}


def test_a_service_refusal_without_fields_is_shown_in_the_summary() -> None:
    errors = FormErrors.from_service({"detail": "This enquiry is closed."}, {"reason": "reason"})

    assert errors
    assert errors.summary() == [{"text": "This enquiry is closed."}]
