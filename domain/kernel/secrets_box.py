"""Encryption for secrets that must be read back (webhook signing secrets, the ID numbers
and phones of the special-groups register)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from domain.kernel.settings import Settings


class SecretBox:
    """Fernet (AES-128-CBC + HMAC) with the deployment's key."""

    def __init__(self, key: str | bytes) -> None:
        self._fernet = Fernet(key)
        raw = base64.urlsafe_b64decode(key if isinstance(key, bytes) else key.encode())
        # A key of its own for fingerprints, derived from the deployment's: a fingerprint
        # never reveals anything that helps decrypt.
        self._fingerprint_key = hmac.new(raw, b"reliefhub fingerprint", hashlib.sha256).digest()

    @classmethod
    def from_settings(cls, settings: Settings) -> SecretBox:
        """RELIEFHUB_SECRET_KEY, else a key file made on first use (the embedded mode)."""
        if settings.secret_key:
            return cls(settings.secret_key)
        return cls(_key_file(settings.secret_key_file))

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def fingerprint(self, plain: str) -> str:
        """A keyed digest that finds equal values (a person registered twice) without
        storing them in the clear; the same value always gives the same fingerprint."""
        return hmac.new(self._fingerprint_key, plain.encode(), hashlib.sha256).hexdigest()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("secret was encrypted with another key") from exc


def _key_file(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    # Created readable by the owner only; O_EXCL so two processes cannot both write one.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key
