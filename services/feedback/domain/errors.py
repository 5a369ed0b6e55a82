"""Named rule breaks, each mapped once to an HTTP answer naming the field and the reason."""

from __future__ import annotations

from fastapi import status

from shared.http.errors import DomainRuleBroken


class RequestNotOpen(DomainRuleBroken):
    status_code = status.HTTP_409_CONFLICT

    def __init__(self) -> None:
        super().__init__("This feedback request is no longer open.", field="request_id")


class AlreadyAnswered(DomainRuleBroken):
    status_code = status.HTTP_409_CONFLICT

    def __init__(self) -> None:
        super().__init__("This respondent has already answered.", field="respondent")


class NotAnAddressee(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "The request does not ask this respondent; change whom it asks first.",
            field="respondent",
        )


class NothingAnswered(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__("At least one question must be answered.", field="answers")


class LeadMustSayWhy(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "Someone other than the enquiry lead should ask; if you are the lead, say why.",
            field="why_the_lead_asked",
        )


class LinkUnusable(DomainRuleBroken):
    """Used, expired, replaced or refused: one plain answer for all, revealing nothing."""

    status_code = status.HTTP_410_GONE

    def __init__(self) -> None:
        super().__init__(
            "This link cannot be used any more. If you still want to tell us how things went, "
            "please contact the team who worked with you."
        )
