"""Relay global ids: opaque base64 of "Type:uuid"."""

from __future__ import annotations

import base64
import binascii
import uuid

from domain.errors import DomainError, ErrorCode


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


def expect_id(global_id: str, type_name: str, field: str) -> uuid.UUID:
    """The uuid of a global id of this type; a userError on `field` otherwise."""
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        raise DomainError.single(field, ErrorCode.INVALID_ID, f"Not a {type_name} id.")
    return decoded[1]


def optional_id(global_id: str | None, type_name: str, field: str) -> uuid.UUID | None:
    return None if global_id is None else expect_id(global_id, type_name, field)
