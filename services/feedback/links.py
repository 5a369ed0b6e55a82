"""Single-use links: an unguessable token handed out once; only its SHA-256 hash is kept."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits: guessing one is hopeless, so a wrong guess needs no lock-out


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_a_token(token: str) -> bool:
    """Cheap shape check before any lookup: 43 URL-safe base64 characters."""
    return len(token) == 43 and all(c.isalnum() or c in "-_" for c in token)
