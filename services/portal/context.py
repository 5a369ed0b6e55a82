"""What every page needs, built once in the composition root and found on `app.state.portal`."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from services.portal.accounts.lockout import LockoutPolicy
from services.portal.accounts.store import AccountStore
from services.portal.backend import Services
from services.portal.sessions import SessionStore
from shared.clock import Clock
from shared.eventstore.database import Database
from shared.settings import Mode, Settings


@dataclass(frozen=True)
class Portal:
    settings: Settings
    clock: Clock
    db: Database
    accounts: AccountStore
    sessions: SessionStore
    services: Services
    lockout: LockoutPolicy

    @property
    def secure_cookies(self) -> bool:
        return secure_cookies(self.settings)


def secure_cookies(settings: Settings) -> bool:
    """Cookies only over HTTPS: as chosen, else in production (which runs behind TLS)."""
    chosen = settings.portal_secure_cookies
    return settings.mode is Mode.PRODUCTION if chosen is None else chosen


def portal_of(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal
