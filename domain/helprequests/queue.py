"""The hotline's queue, a page at a time: the open requests the viewer answers for, most
urgent first, the untriaged after the triaged, then the longest waiting; keyset-paged on
that order so the hundred-and-first request is ranked as well as the first.

The cursor carries the position's urgency rank, time received and id."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.helprequests.model import HelpRequest
from domain.helprequests.services import visible_help_requests
from domain.kernel.auth.principal import Principal
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.pagination import Page, page_size
from domain.matching.model import Urgency

URGENCY_ORDER = (Urgency.CRITICAL, Urgency.HIGH, Urgency.MEDIUM, Urgency.LOW)
# Not triaged yet: after every triaged level, as the queue has always shown them.
UNTRIAGED = len(URGENCY_ORDER)
Position = tuple[int, datetime, uuid.UUID]


def _rank() -> ColumnElement[int]:
    return case(
        *((HelpRequest.urgency == u, i) for i, u in enumerate(URGENCY_ORDER)), else_=UNTRIAGED
    )


def _rank_of(request: HelpRequest) -> int:
    return URGENCY_ORDER.index(request.urgency) if request.urgency in URGENCY_ORDER else UNTRIAGED


def encode(request: HelpRequest) -> str:
    raw = [_rank_of(request), request.received_at.isoformat(), str(request.id)]
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode()


def decode(cursor: str) -> Position:
    try:
        rank, received, ident = json.loads(base64.urlsafe_b64decode(cursor))
        if not isinstance(rank, int) or isinstance(rank, bool):
            raise TypeError("a queue cursor starts with a whole number")
        position = datetime.fromisoformat(received)
        if position.tzinfo is None:
            raise ValueError("a cursor's timestamp carries its zone")
        return rank, position, uuid.UUID(ident)
    except (ValueError, TypeError, binascii.Error, UnicodeError) as exc:
        raise DomainError.single("after", ErrorCode.INVALID, "Not a cursor of this list.") from exc


def _after(position: Position) -> ColumnElement[bool]:
    rank, received, ident = position
    later = or_(
        HelpRequest.received_at > received,
        and_(HelpRequest.received_at == received, HelpRequest.id > ident),
    )
    return or_(_rank() > rank, and_(_rank() == rank, later))


async def queue_page(
    session: AsyncSession,
    principal: Principal,
    *,
    first: int | None,
    after: str | None,
    count: bool = True,
) -> Page[HelpRequest]:
    """One page of the open requests the principal may see, in the queue's order."""
    size = page_size(first)
    stmt = visible_help_requests(principal).where(HelpRequest.closed_at.is_(None))
    total = 0
    if count:
        total = await session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    if after:
        stmt = stmt.where(_after(decode(after)))
    ordered = stmt.order_by(_rank(), HelpRequest.received_at, HelpRequest.id)
    rows = list((await session.scalars(ordered.limit(size + 1))).all())
    items = rows[:size]
    return Page(items, [encode(r) for r in items], len(rows) > size, total)
