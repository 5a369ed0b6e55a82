"""Named rules a command can break; the HTTP layer answers each with its status and field."""

from __future__ import annotations

from fastapi import status

from shared.http.errors import DomainRuleBroken


class RuleBroken(DomainRuleBroken):
    """The command is well formed but the enquiry's rules refuse it (422, naming the field)."""


class ConflictsWithRecord(DomainRuleBroken):
    """The record is in a state that refuses this command (409), e.g. closing a closed enquiry."""

    status_code = status.HTTP_409_CONFLICT


class NotAllowed(DomainRuleBroken):
    """The actor's role may not do this (403)."""

    status_code = status.HTTP_403_FORBIDDEN


class EnquiryIsClosed(ConflictsWithRecord):
    def __init__(self) -> None:
        super().__init__("The enquiry is closed: reopen it, with a reason, to change it.")


class ClosureRefused(ConflictsWithRecord):
    """Closure needs every rule met; the message names the first one that is not."""
