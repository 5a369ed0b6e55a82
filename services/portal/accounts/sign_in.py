"""Signing in: the right password opens a session; wrong ones count towards a lock-out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from services.portal.accounts.lockout import FailureCount, LockoutPolicy
from services.portal.accounts.passwords import password_matches
from services.portal.accounts.store import Account, AccountStore
from shared.clock import Clock


class Refusal(Enum):
    WRONG_DETAILS = "wrong details"
    LOCKED = "locked"


@dataclass(frozen=True)
class SignInResult:
    account: Account | None
    refusal: Refusal | None = None


async def check_sign_in(
    store: AccountStore, *, email: str, password: str, policy: LockoutPolicy, clock: Clock
) -> SignInResult:
    account = await store.find_by_email(email)
    now = clock.now()
    if account is None:
        password_matches(None, password)  # as slow as a real check: timing tells nothing
        return SignInResult(None, Refusal.WRONG_DETAILS)
    if account.failures.is_locked(now):
        # Not even a right password opens a locked account: guessing gains nothing while locked.
        return SignInResult(None, Refusal.LOCKED)
    if not password_matches(account.password_hash, password):
        failures = account.failures.after_failure(now, policy)
        await store.record_failures(account.user_id, failures)
        refusal = Refusal.LOCKED if failures.is_locked(now) else Refusal.WRONG_DETAILS
        return SignInResult(None, refusal)
    if account.failures != FailureCount():
        await store.record_failures(account.user_id, FailureCount())
    return SignInResult(account)
