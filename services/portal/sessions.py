"""Server-side sessions: the cookie carries a random token, the database its hash and times."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update

from services.portal.accounts.store import Account, account_from_row
from services.portal.tables import sessions, users
from shared.eventstore.database import Database

# Touching last_seen_at on every request would be a write per page view; once a minute is
# precise enough for a 30-minute idle limit.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class Session:
    user_id: str
    signed_in_at: datetime
    last_seen_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    def __init__(self, db: Database, limits: SessionLimits) -> None:
        self.db = db
        self.limits = limits

    async def open(self, user_id: str, *, now: datetime) -> str:
        """A new session for the user; the token for the cookie."""
        token = secrets.token_urlsafe(32)
        async with self.db.write() as conn:
            await conn.execute(
                insert(sessions).values(
                    token_hash=_hash(token), user_id=user_id, signed_in_at=now, last_seen_at=now
                )
            )
        return token

    async def find(self, token: str, *, now: datetime) -> tuple[Session, Account] | None:
        """The live session the token belongs to, with its account (one query: this runs on
        every page); an expired one is deleted and not returned."""
        token_hash = _hash(token)
        query = (
            select(sessions.c.signed_in_at, sessions.c.last_seen_at, users)
            .join(users, users.c.user_id == sessions.c.user_id)
            .where(sessions.c.token_hash == token_hash)
        )
        async with self.db.read() as conn:
            row = (await conn.execute(query)).mappings().first()
        if row is None:
            return None
        session = Session(row["user_id"], row["signed_in_at"], row["last_seen_at"])
        if self._expired(session, now):
            await self.close(token)
            return None
        if now - session.last_seen_at >= TOUCH_EVERY:
            async with self.db.write() as conn:
                await conn.execute(
                    update(sessions)
                    .where(sessions.c.token_hash == token_hash)
                    .values(last_seen_at=now)
                )
        return session, account_from_row(row)

    async def close(self, token: str) -> None:
        async with self.db.write() as conn:
            await conn.execute(delete(sessions).where(sessions.c.token_hash == _hash(token)))

    def _expired(self, session: Session, now: datetime) -> bool:
        return (
            now - session.last_seen_at >= self.limits.idle
            or now - session.signed_in_at >= self.limits.absolute
        )
