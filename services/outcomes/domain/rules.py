"""The named rules a command can break. Each is answered 422 with the rule in the message;
the messages never repeat what was typed (it may be the person's words)."""

from __future__ import annotations

from shared.http.errors import DomainRuleBroken


class EnquiryIsClosed(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__("Rule 'closed enquiries do not change': this enquiry is closed.")


class RankTaken(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "Rule 'ranks are unique': another outcome of this enquiry already has this rank.",
            field="rank",
        )


class OutcomeWithdrawn(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__("Rule 'withdrawn outcomes do not change': this outcome was withdrawn.")


class OutcomeAlreadyAssessed(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "Rule 'one final assessment per outcome': this outcome has already been assessed."
        )


class AlreadyNotAchievable(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "Rule 'not achievable once': this outcome is already marked not achievable."
        )


class DueDateInPast(DomainRuleBroken):
    def __init__(self, field: str = "due_on") -> None:
        super().__init__("Rule 'due dates are today or later': this date has passed.", field=field)


class DateInFuture(DomainRuleBroken):
    def __init__(self, field: str) -> None:
        super().__init__(
            "Rule 'only what has happened is recorded': this date is to come.", field=field
        )


class UnknownOutcome(DomainRuleBroken):
    def __init__(self, field: str = "outcome_id") -> None:
        super().__init__(
            "Rule 'linked to an outcome of this enquiry': no such outcome here.", field=field
        )


class ActionNotOpen(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__("Rule 'only open actions change': this action is done or cancelled.")


class AgencyNeeded(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__(
            "Rule 'an agency's action names the agency': give owner_agency_id.",
            field="owner_agency_id",
        )


class IdAlreadyUsed(DomainRuleBroken):
    def __init__(self, field: str) -> None:
        super().__init__(
            "Rule 'ids are unique': this id is already used in this enquiry.", field=field
        )


class IdUsedElsewhere(DomainRuleBroken):
    """Outcome, review and action ids are unique across enquiries (the read models key on them
    alone), so a client-chosen id that another enquiry holds is refused before anything is
    appended."""

    def __init__(self, field: str) -> None:
        super().__init__(
            "Rule 'ids are unique': this id is already used by another enquiry; "
            "leave it out to get a new one.",
            field=field,
        )
