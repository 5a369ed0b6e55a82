"""A small per-address limit on the single-use link routes, which need no token.

Guessing a 256-bit token is hopeless, so this is not what keeps links safe; it keeps a noisy
client from costing the database work. In-process and per replica: a proxy in front should
also limit (the routes share the `/feedback/link` prefix to make that one rule).

Every person's page reaches these routes through the portal, from the portal's one address, so
the address counted is the person's: the portal forwards it in `CLIENT_ADDRESS_HEADER`, and it is
believed only from a caller whose token is the portal's own (docs/feedback.md says why a token
and not a list of proxy addresses). Anyone else is counted by the address they connect from.
"""

from __future__ import annotations

from collections import deque
from datetime import timedelta

from fastapi import HTTPException, Request, status

from shared.auth import CLIENT_ADDRESS_HEADER, PORTAL_ACTOR, bearer_actor
from shared.clock import Clock

WINDOW = timedelta(minutes=1)


class AttemptLimiter:
    def __init__(self, per_minute: int, clock: Clock, *, max_clients: int = 10_000) -> None:
        self._per_minute = per_minute
        self._clock = clock
        self._max_clients = max_clients
        self._attempts: dict[str, deque[float]] = {}

    def allow(self, client: str) -> bool:
        now = self._clock.now().timestamp()
        recent = self._attempts.setdefault(client, deque())
        while recent and recent[0] <= now - WINDOW.total_seconds():
            recent.popleft()
        if len(recent) >= self._per_minute:
            return False
        recent.append(now)
        if len(self._attempts) > self._max_clients:
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        cutoff = now - WINDOW.total_seconds()
        for client in [
            c for c, times in self._attempts.items() if not times or times[-1] <= cutoff
        ]:
            del self._attempts[client]

    def check(self, request: Request) -> None:
        if not self.allow(client_address(request)):
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                detail="Too many tries. Please wait a minute and try again.",
                headers={"Retry-After": "60"},
            )


def client_address(request: Request) -> str:
    """The person's address when the portal vouches for it, else the connecting address."""
    forwarded = request.headers.get(CLIENT_ADDRESS_HEADER, "").strip()
    if forwarded and bearer_actor(request) == PORTAL_ACTOR:
        return forwarded[:64]  # bounded: it becomes a key in the limiter's table
    return request.client.host if request.client else "unknown"
