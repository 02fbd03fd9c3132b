"""Coverage of an incident: needed, allocated, delivered — and the gaps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from domain.db.relief import Need
from domain.enums import NeedStatus
from domain.matching.model import Urgency

# Expired needs count: closing an incident must not erase what was given to it.
COUNTED = (
    NeedStatus.OPEN,
    NeedStatus.PARTIALLY_ALLOCATED,
    NeedStatus.ALLOCATED,
    NeedStatus.FULFILLED,
    NeedStatus.EXPIRED,
)
GAP_URGENCIES = (Urgency.CRITICAL, Urgency.HIGH)


@dataclass(frozen=True)
class Totals:
    key: str
    needed: int
    allocated: int
    delivered: int


@dataclass(frozen=True)
class Coverage:
    needed: int
    allocated: int
    delivered: int
    by_category: list[Totals]
    by_region: list[Totals]


async def _totals(
    session: AsyncSession, incident_id: uuid.UUID, column: InstrumentedAttribute[str]
) -> list[Totals]:
    stmt = (
        select(
            column,
            func.sum(Need.quantity),
            func.sum(Need.quantity_allocated),
            func.sum(Need.quantity_delivered),
        )
        .where(Need.incident_id == incident_id, Need.status.in_(COUNTED))
        .group_by(column)
        .order_by(column)
    )
    return [
        Totals(str(k), int(n or 0), int(a or 0), int(d or 0))
        for k, n, a, d in (await session.execute(stmt)).all()
    ]


async def incident_coverage(session: AsyncSession, incident_id: uuid.UUID) -> Coverage:
    """Sums over the incident's live and fulfilled needs (cancelled ones do not count)."""
    by_category = await _totals(session, incident_id, Need.category_code)
    by_region = await _totals(session, incident_id, Need.region_code)
    return Coverage(
        needed=sum(t.needed for t in by_category),
        allocated=sum(t.allocated for t in by_category),
        delivered=sum(t.delivered for t in by_category),
        by_category=by_category,
        by_region=by_region,
    )


def gaps(incident_id: uuid.UUID) -> Select[Need]:
    """Open CRITICAL and HIGH needs with nothing allocated yet."""
    return select(Need).where(
        Need.incident_id == incident_id,
        Need.status == NeedStatus.OPEN,
        Need.quantity_allocated == 0,
        Need.urgency.in_(GAP_URGENCIES),
    )
