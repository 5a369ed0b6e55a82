"""A small per-address limit on the single-use link routes, which need no token.

Guessing a 256-bit token is hopeless, so this is not what keeps links safe; it keeps a noisy
client from costing the database work. In-process and per replica: a proxy in front should
also limit (the routes share the `/feedback/link` prefix to make that one rule).
"""

from __future__ import annotations

from collections import deque
from datetime import timedelta

from fastapi import HTTPException, Request, status

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
        client = request.client.host if request.client else "unknown"
        if not self.allow(client):
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                detail="Too many tries. Please wait a minute and try again.",
                headers={"Retry-After": "60"},
            )
