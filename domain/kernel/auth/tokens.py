"""Bearer tokens: random, shown once, stored as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "rh_"


def new_token() -> str:
    """A fresh bearer token with 256 random bits."""
    return PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The digest stored in place of the token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
