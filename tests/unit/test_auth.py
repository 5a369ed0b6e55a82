"""The signed short-lived service token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from shared.auth import InvalidToken, Role, TokenService
from shared.clock import FixedClock
from tests.support import an_actor

pytestmark = pytest.mark.unit
KEY = "k" * 48


def test_a_token_carries_the_actor_it_was_issued_for() -> None:
    tokens = TokenService(KEY, ttl=timedelta(minutes=5))
    actor = an_actor(agency="police", user="officer-7", role=Role.MANAGER)

    assert tokens.verify(tokens.issue(actor)) == actor


def test_a_token_expires_after_its_lifetime() -> None:
    clock = FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    tokens = TokenService(KEY, ttl=timedelta(minutes=5), clock=clock)
    token = tokens.issue(an_actor())

    clock.advance(timedelta(minutes=5, seconds=1))

    with pytest.raises(InvalidToken, match="Expired"):
        tokens.verify(token)


def test_a_token_signed_with_another_key_is_refused() -> None:
    forged = TokenService("x" * 48, ttl=timedelta(minutes=5)).issue(an_actor())
    with pytest.raises(InvalidToken):
        TokenService(KEY, ttl=timedelta(minutes=5)).verify(forged)


def test_a_token_without_the_actor_claims_is_refused() -> None:
    now = int(datetime.now(UTC).timestamp())
    token = jwt.encode(
        {"sub": "u", "iss": "msp-portal", "aud": "msp-services", "iat": now, "exp": now + 60},
        KEY,
        algorithm="HS256",
    )
    with pytest.raises(InvalidToken):
        TokenService(KEY, ttl=timedelta(minutes=5)).verify(token)


def test_an_unsigned_token_is_refused() -> None:
    token = jwt.encode({"sub": "u", "agency": "a", "role": "manager"}, key=None, algorithm="none")
    with pytest.raises(InvalidToken):
        TokenService(KEY, ttl=timedelta(minutes=5)).verify(token)
