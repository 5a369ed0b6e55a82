"""Demo accounts for `make run`: a practitioner and a manager in each agency, and a board analyst.

The practitioners' ids are those that lead the demo enquiries (shared/demo.py), so each sees
their own work on the caseload. Development only: the password is printed for anyone to read.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.portal.accounts.store import AccountStore, NewAccount
from shared.auth import Role
from shared.clock import SystemClock
from shared.eventstore.database import Database
from shared.settings import Mode, Settings

DEMO_PASSWORD = "demo-password-for-msp"  # noqa: S105 - printed by `make run` on purpose


@dataclass(frozen=True)
class DemoAccount:
    user_id: str
    email: str
    display_name: str
    agency_id: str
    role: Role


DEMO_ACCOUNTS = (
    DemoAccount(
        "asc-practitioner",
        "asc.practitioner@example.org",
        "Alex Morgan",
        "adult-social-care",
        Role.PRACTITIONER,
    ),
    DemoAccount(
        "asc-manager", "asc.manager@example.org", "Priya Shah", "adult-social-care", Role.MANAGER
    ),
    DemoAccount(
        "police-officer", "police.officer@example.org", "Sam Okafor", "police", Role.PRACTITIONER
    ),
    DemoAccount(
        "police-manager", "police.manager@example.org", "Jo Bennett", "police", Role.MANAGER
    ),
    DemoAccount(
        "health-practitioner",
        "health.practitioner@example.org",
        "Chris Evans",
        "health",
        Role.PRACTITIONER,
    ),
    DemoAccount(
        "health-manager", "health.manager@example.org", "Ruth Adeyemi", "health", Role.MANAGER
    ),
    DemoAccount(
        "board-analyst",
        "board.analyst@example.org",
        "Kim Lee",
        "safeguarding-board",
        Role.BOARD_ANALYST,
    ),
)


class DemoAccountsRefused(RuntimeError):
    """Demo accounts with a published password are never created in production."""


async def ensure_demo_accounts(settings: Settings) -> tuple[int, int]:
    """Create each demo account that is missing; (created now, already there)."""
    if settings.mode is Mode.PRODUCTION:
        raise DemoAccountsRefused("demo accounts are for development only")
    db = Database(settings.database_url_for("portal"))
    store, now = AccountStore(db), SystemClock().now()
    created = 0
    try:
        for demo in DEMO_ACCOUNTS:
            new = NewAccount(
                demo.user_id,
                demo.email,
                demo.display_name,
                demo.agency_id,
                demo.role,
                DEMO_PASSWORD,
            )
            created += await store.add_if_missing(new, now=now)
    finally:
        await db.dispose()
    return created, len(DEMO_ACCOUNTS) - created
