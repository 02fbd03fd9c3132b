"""Relay global ids: opaque base64 of "Type:uuid"."""

from __future__ import annotations

import uuid

from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.global_ids import from_global_id, to_global_id

__all__ = ["expect_id", "from_global_id", "optional_id", "to_global_id"]


def expect_id(global_id: str, type_name: str, field: str) -> uuid.UUID:
    """The uuid of a global id of this type; a userError on `field` otherwise."""
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        raise DomainError.single(field, ErrorCode.INVALID_ID, f"Not a {type_name} id.")
    return decoded[1]


def optional_id(global_id: str | None, type_name: str, field: str) -> uuid.UUID | None:
    return None if global_id is None else expect_id(global_id, type_name, field)
