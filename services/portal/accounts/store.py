"""Accounts in the portal's database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping

from services.portal.accounts.lockout import FailureCount
from services.portal.accounts.passwords import hash_password
from services.portal.tables import users
from shared.auth import Actor, Role
from shared.eventstore.database import Database


@dataclass(frozen=True)
class Account:
    user_id: str
    email: str
    display_name: str
    agency_id: str
    role: Role
    password_hash: str
    failures: FailureCount

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.user_id, agency_id=self.agency_id, role=self.role)


@dataclass(frozen=True)
class NewAccount:
    user_id: str
    email: str
    display_name: str
    agency_id: str
    role: Role
    password: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def account_from_row(row: RowMapping) -> Account:
    """An account from a row holding the users table's columns."""
    return Account(
        user_id=row["user_id"],
        email=row["email"],
        display_name=row["display_name"],
        agency_id=row["agency_id"],
        role=Role(row["role"]),
        password_hash=row["password_hash"],
        failures=FailureCount(row["failed_sign_ins"], row["locked_until"]),
    )


class AccountStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def find_by_email(self, email: str) -> Account | None:
        query = select(users).where(users.c.email == normalise_email(email))
        async with self.db.read() as conn:
            row = (await conn.execute(query)).mappings().first()
        return account_from_row(row) if row else None

    async def find(self, user_id: str) -> Account | None:
        async with self.db.read() as conn:
            row = (
                (await conn.execute(select(users).where(users.c.user_id == user_id)))
                .mappings()
                .first()
            )
        return account_from_row(row) if row else None

    async def add_if_missing(self, account: NewAccount, *, now: datetime) -> bool:
        """Create the account unless its id or email exists; whether it was created."""
        email = normalise_email(account.email)
        async with self.db.write() as conn:
            existing = await conn.execute(
                select(users.c.user_id).where(
                    (users.c.user_id == account.user_id) | (users.c.email == email)
                )
            )
            if existing.first() is not None:
                return False
            await conn.execute(
                insert(users).values(
                    user_id=account.user_id,
                    email=email,
                    display_name=account.display_name,
                    agency_id=account.agency_id,
                    role=account.role.value,
                    password_hash=hash_password(account.password),
                    failed_sign_ins=0,
                    locked_until=None,
                    created_at=now,
                )
            )
        return True

    async def record_failures(self, user_id: str, failures: FailureCount) -> None:
        async with self.db.write() as conn:
            await conn.execute(
                update(users)
                .where(users.c.user_id == user_id)
                .values(failed_sign_ins=failures.failures, locked_until=failures.locked_until)
            )
