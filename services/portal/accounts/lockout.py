"""The lock-out rule, pure: so many wrong passwords in a row lock an account for a while."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int
    lock_for: timedelta


@dataclass(frozen=True)
class FailureCount:
    """An account's wrong passwords in a row, and until when it is locked (if it is)."""

    failures: int = 0
    locked_until: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime, policy: LockoutPolicy) -> FailureCount:
        # A lock that has run out starts the count again: one more mistake must not relock.
        failures = (
            0 if self.locked_until is not None and now >= self.locked_until else self.failures
        )
        failures += 1
        if failures >= policy.max_failures:
            return FailureCount(failures, now + policy.lock_for)
        return FailureCount(failures, None)
