"""Who is acting: the actor, and the signed short-lived token every service request carries."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from shared.clock import Clock, SystemClock

ISSUER = "msp-portal"
AUDIENCE = "msp-services"
ALGORITHM = "HS256"


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    BOARD_ANALYST = "board_analyst"
    ADMINISTRATOR = "administrator"
    SYSTEM = "system"


class Actor(BaseModel):
    """The person (or the platform itself) on whose behalf a command runs; ids only."""

    model_config = ConfigDict(frozen=True)

    user_id: str = Field(min_length=1, max_length=100, description="the user's id, never a name")
    agency_id: str = Field(min_length=1, max_length=100, description="the user's agency")
    role: Role


SYSTEM_ACTOR = Actor(user_id="system", agency_id="platform", role=Role.SYSTEM)

# The portal itself, when it calls a service on behalf of someone who is not signed in (the
# person answering through a feedback link). Its token gives no access to anyone's records (no
# route accepts this actor for a command or a query); it vouches only for the header below.
PORTAL_ACTOR = Actor(user_id="portal", agency_id="platform", role=Role.SYSTEM)

# The address of the person the portal is serving, which it forwards so that a service can limit
# per person rather than per portal. Trusted only beside a valid token of PORTAL_ACTOR.
CLIENT_ADDRESS_HEADER = "X-MSP-Client-Address"


class InvalidToken(Exception):
    """The token is missing, forged, expired or meant for someone else."""


class TokenService:
    def __init__(self, key: str, *, ttl: timedelta, clock: Clock | None = None) -> None:
        self._key = key
        self._ttl = ttl
        self._clock = clock or SystemClock()

    def issue(self, actor: Actor) -> str:
        now = self._clock.now()
        claims: dict[str, Any] = {
            "sub": actor.user_id,
            "agency": actor.agency_id,
            "role": actor.role.value,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": int(now.timestamp()),
            "exp": int((now + self._ttl).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def verify(self, token: str) -> Actor:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "agency", "role"], "verify_exp": False},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(type(error).__name__) from error
        # Expiry is checked against the injected clock, not the wall clock.
        if claims["exp"] <= self._clock.now().timestamp():
            raise InvalidToken("ExpiredSignatureError")
        try:
            return Actor(user_id=claims["sub"], agency_id=claims["agency"], role=claims["role"])
        except ValueError as error:
            raise InvalidToken("InvalidClaims") from error


def _bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def bearer_actor(request: Request) -> Actor | None:
    """The actor of the request's valid token, or None: for routes that need no token but treat
    a caller that has one differently."""
    token = _bearer_token(request)
    if token is None:
        return None
    tokens: TokenService = request.app.state.tokens
    try:
        return tokens.verify(token)
    except InvalidToken:
        return None


async def _current_actor(request: Request) -> Actor:
    # async although it never awaits: FastAPI runs a plain `def` dependency in a worker thread,
    # a thread hop on every request of every service for a few microseconds of HMAC.
    token = _bearer_token(request)
    if token is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="A signed service token is required (Authorization: Bearer).",
            headers={"WWW-Authenticate": "Bearer"},
        )
    tokens: TokenService = request.app.state.tokens
    try:
        return tokens.verify(token)
    except InvalidToken as error:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail=f"The service token was refused ({error}).",
            headers={"WWW-Authenticate": "Bearer"},
        ) from error


CurrentActor = Annotated[Actor, Depends(_current_actor)]
