"""The links in the header, by role. A new page adds its line here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.portal.accounts.store import Account
from shared.auth import Role

CASEWORK = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.SAFEGUARDING_LEAD})
# The board report: feedback shows managers their own agency's figures only.
REPORTING = frozenset({Role.BOARD_ANALYST, Role.SAFEGUARDING_LEAD, Role.MANAGER})


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    roles: frozenset[Role]


LINKS = (
    Link("Caseload", "/caseload", CASEWORK),
    Link("Raise a concern", "/concerns/new", CASEWORK),
    Link("Shared with your agency", "/agency-inbox", CASEWORK),
    Link("Board report", "/reports/board", REPORTING),
)


def navigation_for(account: Account | None, path: str) -> list[dict[str, Any]]:
    """The `navigation` items of the GOV.UK service navigation for this person on this page."""
    if account is None:
        return []
    return [
        {"text": link.text, "href": link.href, "current": path == link.href}
        for link in LINKS
        if account.role in link.roles
    ]


def home_of(account: Account) -> str:
    """Where a person lands after signing in: their first link, or the start page."""
    return next((link.href for link in LINKS if account.role in link.roles), "/")
