"""Relay global ids: opaque base64 of "Type:uuid" (webhook payloads carry them too)."""

from __future__ import annotations

import base64
import binascii
import uuid


def to_global_id(type_name: str, ident: uuid.UUID) -> str:
    """The opaque id clients see."""
    return base64.urlsafe_b64encode(f"{type_name}:{ident}".encode()).decode().rstrip("=")


def from_global_id(global_id: str) -> tuple[str, uuid.UUID] | None:
    """(type name, uuid), or None when it is not one of ours."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        return type_name, uuid.UUID(raw)
    except (ValueError, binascii.Error, UnicodeError):
        return None
