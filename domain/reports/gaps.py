"""An incident's gaps, a page at a time: most urgent first, then the largest share of the
need still short, then the oldest; keyset-paged on that order.

The cursor carries the position's urgency, shortfall and quantity, creation time and id:
shares are compared by cross-multiplying (a/b < c/d ⇔ a·d < c·b with b, d > 0), so SQLite
and PostgreSQL order alike without floating point.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.pagination import Page, page_size
from domain.matching.model import Urgency
from domain.needs.model import Need
from domain.reports.coverage import gaps

URGENCY_ORDER = (Urgency.CRITICAL, Urgency.HIGH, Urgency.MEDIUM, Urgency.LOW)
Position = tuple[int, int, int, datetime, uuid.UUID]


def _rank() -> ColumnElement[int]:
    return case(*((Need.urgency == u, i) for i, u in enumerate(URGENCY_ORDER)), else_=99)


def _rank_of(need: Need) -> int:
    return URGENCY_ORDER.index(need.urgency) if need.urgency in URGENCY_ORDER else 99


def encode(need: Need) -> str:
    raw = [
        _rank_of(need),
        need.shortfall,
        need.quantity,
        need.created_at.isoformat(),
        str(need.id),
    ]
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode()


def decode(cursor: str) -> Position:
    try:
        rank, short, quantity, created, ident = json.loads(base64.urlsafe_b64decode(cursor))
        if not all(isinstance(n, int) for n in (rank, short, quantity)) or quantity <= 0:
            raise TypeError("a gap cursor starts with three whole numbers")
        position = datetime.fromisoformat(created)
        if position.tzinfo is None:
            raise ValueError("a cursor's timestamp carries its zone")
        return rank, short, quantity, position, uuid.UUID(ident)
    except (ValueError, TypeError, binascii.Error, UnicodeError) as exc:
        raise DomainError.single("after", ErrorCode.INVALID, "Not a cursor of this list.") from exc


def _after(position: Position) -> ColumnElement[bool]:
    rank, short, quantity, created, ident = position
    # this need's share short < the cursor's: short_n / q_n < short / q
    smaller = Need.shortfall * quantity < short * Need.quantity
    same = Need.shortfall * quantity == short * Need.quantity
    later = or_(Need.created_at > created, and_(Need.created_at == created, Need.id > ident))
    return or_(_rank() > rank, and_(_rank() == rank, or_(smaller, and_(same, later))))


async def gap_page(
    session: AsyncSession,
    incident_id: uuid.UUID,
    region_code: str | None,
    *,
    first: int | None,
    after: str | None,
    count: bool = True,
) -> Page[Need]:
    """One page of the incident's gaps (in the region's subtree when given)."""
    size = page_size(first)
    stmt = gaps(incident_id, region_code)
    total = 0
    if count:
        total = await session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    if after:
        stmt = stmt.where(_after(decode(after)))
    # Share short descending: order by shortfall / quantity as the cursor compares it.
    ordered = stmt.order_by(
        _rank(),
        (Need.shortfall * 1.0 / Need.quantity).desc(),
        Need.created_at,
        Need.id,
    )
    rows = list((await session.scalars(ordered.limit(size + 1))).all())
    items = rows[:size]
    return Page(items, [encode(n) for n in items], len(rows) > size, total)
