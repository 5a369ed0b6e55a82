"""The portal's sign-in rules, pure: lock-out, password hashes, where to go after signing in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.portal.accounts.lockout import FailureCount, LockoutPolicy
from services.portal.accounts.passwords import hash_password, password_matches
from services.portal.pages.sign_in import safe_next

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
POLICY = LockoutPolicy(max_failures=3, lock_for=timedelta(minutes=15))


def failures(times: int, start: FailureCount | None = None) -> FailureCount:
    count = start or FailureCount()
    for _ in range(times):
        count = count.after_failure(NOW, POLICY)
    return count


def test_wrong_passwords_below_the_limit_do_not_lock() -> None:
    count = failures(2)

    assert count.failures == 2
    assert not count.is_locked(NOW)


def test_the_last_allowed_wrong_password_locks_the_account_for_the_set_time() -> None:
    count = failures(3)

    assert count.is_locked(NOW)
    assert count.is_locked(NOW + timedelta(minutes=14, seconds=59))
    assert not count.is_locked(NOW + timedelta(minutes=15))


def test_a_lock_that_has_run_out_starts_the_count_again() -> None:
    later = NOW + timedelta(minutes=16)

    count = failures(3).after_failure(later, POLICY)

    assert count.failures == 1
    assert not count.is_locked(later)


def test_a_password_matches_only_its_own_argon2id_hash() -> None:
    stored = hash_password("correct horse battery staple")

    assert stored.startswith("$argon2id$")
    assert password_matches(stored, "correct horse battery staple")
    assert not password_matches(stored, "Correct horse battery staple")
    assert not password_matches("not a hash", "anything")


def test_no_password_matches_an_account_that_does_not_exist() -> None:
    assert not password_matches(None, "no account has this password")


@pytest.mark.parametrize("path", ["/caseload", "/enquiries/5d1c8a4e?tab=outcomes"])
def test_after_signing_in_a_person_goes_back_to_a_page_of_this_site(path: str) -> None:
    assert safe_next(path) == path


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "caseload",
        "",
        None,
    ],
)
def test_after_signing_in_a_link_cannot_send_a_person_to_another_site(target: str | None) -> None:
    assert safe_next(target) is None
