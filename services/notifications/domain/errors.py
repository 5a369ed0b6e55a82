"""Named rules a command can break; the HTTP layer answers each with its status and field."""

from __future__ import annotations

from fastapi import status

from shared.http.errors import DomainRuleBroken


class RuleBroken(DomainRuleBroken):
    """Well formed, but the rules refuse it (422, naming the field)."""


class NotAllowed(DomainRuleBroken):
    """The actor may not do this (403); the message says who may."""

    status_code = status.HTTP_403_FORBIDDEN


class WrongStage(DomainRuleBroken):
    """The disclosure is at a stage that refuses this command (409)."""

    status_code = status.HTTP_409_CONFLICT


class SharingRefused(DomainRuleBroken):
    """The policy blocked the disclosure (403); the message says which consent is missing.
    The refusal itself was recorded (`SharingBlocked`) before this was raised."""

    status_code = status.HTTP_403_FORBIDDEN

    def __init__(self, reason: str, *, disclosure_id: str) -> None:
        super().__init__(reason, field=None)
        self.disclosure_id = disclosure_id
