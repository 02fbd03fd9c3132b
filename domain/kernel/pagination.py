"""Keyset pagination over (created_at, id): stable under inserts, no OFFSET scans."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.db.base import Entity
from domain.kernel.errors import DomainError, ErrorCode

MAX_PAGE = 100
DEFAULT_PAGE = 20

E = TypeVar("E", bound=Entity)


@dataclass(frozen=True)
class Page(Generic[E]):
    items: list[E]
    cursors: list[str]
    has_next_page: bool
    total_count: int


def encode_cursor(entity: Entity) -> str:
    # The text json.dumps writes for the pair, built directly (an ISO time and a uuid
    # need no escaping): a page of 100 encodes 100 cursors.
    raw = f'["{entity.created_at.isoformat()}", "{entity.id}"]'
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The keyset position in a cursor; a malformed one is the caller's error."""
    try:
        created, ident = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(created, str) or not isinstance(ident, str):
            raise TypeError("a cursor holds two strings")
        position = datetime.fromisoformat(created)
        # Timestamps are stored with their zone; a naive one cannot be compared to them.
        if position.tzinfo is None:
            raise ValueError("a cursor's timestamp carries its zone")
        # Compared in UTC: a time at the edge of the calendar with a zone would overflow
        # there, in the database driver, rather than here as the caller's error.
        return position.astimezone(UTC), uuid.UUID(ident)
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeError) as exc:
        raise DomainError.single("after", ErrorCode.INVALID, "Not a cursor of this list.") from exc


def page_size(first: int | None) -> int:
    """`first` checked against the page-size cap of the GraphQL conventions."""
    if first is None:
        return DEFAULT_PAGE
    if first < 0 or first > MAX_PAGE:
        raise DomainError.single(
            "first", ErrorCode.INVALID, f"first must be between 0 and {MAX_PAGE}."
        )
    return first


async def paginate(
    session: AsyncSession,
    model: type[E],
    stmt: Select[E],
    *,
    first: int | None,
    after: str | None,
    count: bool = True,
) -> Page[E]:
    """One page of `stmt` (already filtered) in creation order, with the total count
    unless `count` is False (counting scans the whole filtered list: a partner paging
    through every need would pay for it on each page)."""
    size = page_size(first)
    total = 0
    if count:
        total = await session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    if after:
        created, ident = decode_cursor(after)
        stmt = stmt.where(
            or_(model.created_at > created, and_(model.created_at == created, model.id > ident))
        )
    rows = list(
        (await session.scalars(stmt.order_by(model.created_at, model.id).limit(size + 1))).all()
    )
    items = rows[:size]
    return Page(items, [encode_cursor(e) for e in items], len(rows) > size, total)


def page_of(rows: list[E], *, first: int | None, after: str | None) -> Page[E]:
    """The same page as `paginate`, cut from rows already loaded in creation order."""
    size = page_size(first)
    start = 0
    if after:
        position = decode_cursor(after)
        start = next((i for i, r in enumerate(rows) if (r.created_at, r.id) > position), len(rows))
    items = rows[start : start + size]
    return Page(items, [encode_cursor(e) for e in items], start + size < len(rows), len(rows))
