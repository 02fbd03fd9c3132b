"""Incremental pull: a list paged in the order its rows last changed, `(updated_at, id)`,
with no gap and no repeat while writes go on.

A row's `updated_at` is stamped when its transaction writes it, not when it commits. A
transaction that stamps at 10:00:00.100 and commits at 10:00:00.900 puts a row *behind*
rows that committed in between: a partner whose cursor already passed 10:00:00.100
would never see it. So a list in change order only shows rows stamped before its
*horizon*, a time before which every stamp belongs to a committed transaction and after
which every future stamp will fall:

- on PostgreSQL, the start of the oldest transaction of this database that has written
  something and not finished (`pg_stat_activity.backend_xid`), or the reader's own
  start when there is none; every stamp of a running transaction is later than its start,
  and a transaction that has not written yet stamps later than now;
- on SQLite (one process, a writer at a time), the reader's now;

then `SETTLE` earlier still, which covers the clocks of app servers and database
disagreeing and the instant between a stamp and the statement that writes it. A row
changed after the horizon shows on a later pull; the partner's cursor waits for it.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy import Select, and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.db.base import Entity, utcnow
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.pagination import Page, page_size

SETTLE = timedelta(seconds=5)

E = TypeVar("E", bound=Entity)

# The cursor of a change-ordered list names its order, so a cursor of the creation-ordered
# list of the same type cannot be taken for one of these by mistake.
_KIND = "changed"

_OLDEST_WRITER = text(
    "SELECT now(), min(xact_start) FROM pg_stat_activity "
    "WHERE datname = current_database() AND backend_xid IS NOT NULL "
    "AND pid <> pg_backend_pid()"
)


async def horizon(session: AsyncSession) -> datetime:
    """Every row stamped before this time is committed, and none will be stamped before it."""
    if session.get_bind().dialect.name == "postgresql":
        # One statement: its `now()` and its view of running transactions agree.
        now, oldest = (await session.execute(_OLDEST_WRITER)).one()
        stable = min(now, oldest) if oldest is not None else now
    else:
        stable = utcnow()
    return stable - SETTLE


def encode_change_cursor(entity: Entity) -> str:
    raw = json.dumps([_KIND, entity.updated_at.isoformat(), str(entity.id)])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_change_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The keyset position in a change cursor; anything else is the caller's error."""
    try:
        kind, changed, ident = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if kind != _KIND or not isinstance(changed, str) or not isinstance(ident, str):
            raise TypeError("not a change cursor")
        position = datetime.fromisoformat(changed)
        if position.tzinfo is None:
            raise ValueError("a cursor's timestamp carries its zone")
        return position.astimezone(UTC), uuid.UUID(ident)
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeError) as exc:
        raise DomainError.single(
            "after", ErrorCode.INVALID, "Not a cursor of this list ordered by updatedSince."
        ) from exc


def since(value: datetime, field: str = "updated_since") -> datetime:
    """A zoned `updatedSince`; a naive one is refused, as every time input is."""
    if value.tzinfo is None:
        raise DomainError.single(field, ErrorCode.INVALID, "Give the time with its zone.")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        # 0001-01-01 east of Greenwich is before the first time UTC can hold.
        raise DomainError.single(field, ErrorCode.INVALID, "A time out of range.") from None


async def paginate_changes(
    session: AsyncSession,
    model: type[E],
    stmt: Select[E],
    *,
    first: int | None,
    after: str | None,
    count: bool = True,
) -> Page[E]:
    """One page of `stmt` (already filtered) in the order its rows last changed, up to
    the horizon. The end cursor of the last page is where the next pull starts."""
    size = page_size(first)
    stmt = stmt.where(model.updated_at < await horizon(session))
    total = 0
    if count:
        total = await session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    if after:
        changed, ident = decode_change_cursor(after)
        # The plain bound lets the index start at the cursor instead of filtering the
        # whole history before it (a pull is always from far along a long list).
        stmt = stmt.where(
            model.updated_at >= changed,
            or_(model.updated_at > changed, and_(model.updated_at == changed, model.id > ident)),
        )
    ordered = stmt.order_by(model.updated_at, model.id).limit(size + 1)
    rows = list((await session.scalars(ordered)).all())
    items = rows[:size]
    return Page(items, [encode_change_cursor(e) for e in items], len(rows) > size, total)
