"""Coverage of an incident: needed, allocated, delivered — and the gaps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from domain.kernel.enums import NeedStatus
from domain.kernel.policy import in_subtree
from domain.matching.model import Urgency
from domain.needs.model import Need

# Expired needs count: closing an incident must not erase what was given to it.
COUNTED = (
    NeedStatus.OPEN,
    NeedStatus.PARTIALLY_ALLOCATED,
    NeedStatus.ALLOCATED,
    NeedStatus.FULFILLED,
    NeedStatus.OVERDUE,
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
class Cell:
    """One region × category square of the coverage grid."""

    region_code: str
    category_code: str
    needed: int
    allocated: int
    delivered: int
    beneficiaries: int


@dataclass(frozen=True)
class Coverage:
    needed: int
    allocated: int
    delivered: int
    by_category: list[Totals]
    by_region: list[Totals]


def _counted(incident_id: uuid.UUID, region_code: str | None) -> list[ColumnElement[bool]]:
    conditions = [Need.incident_id == incident_id, Need.status.in_(COUNTED)]
    if region_code is not None:
        conditions.append(in_subtree(Need.region_code, region_code))
    return conditions


async def _sums(
    session: AsyncSession,
    incident_id: uuid.UUID,
    region_code: str | None,
    *columns: InstrumentedAttribute[str],
) -> list[tuple[Any, ...]]:
    stmt = (
        select(
            *columns,
            func.sum(Need.quantity),
            func.sum(Need.quantity_allocated),
            func.sum(Need.quantity_delivered),
            func.sum(Need.beneficiary_count),
        )
        .where(*_counted(incident_id, region_code))
        .group_by(*columns)
        .order_by(*columns)
    )
    width = len(columns)
    return [
        (*row[:width], *(int(n or 0) for n in row[width:]))
        for row in (await session.execute(stmt)).all()
    ]


async def incident_coverage(
    session: AsyncSession, incident_id: uuid.UUID, region_code: str | None = None
) -> Coverage:
    """Sums over the incident's live and fulfilled needs (cancelled ones do not count)."""
    by_category = [
        Totals(str(k), n, a, d)
        for k, n, a, d, _ in await _sums(session, incident_id, region_code, Need.category_code)
    ]
    by_region = [
        Totals(str(k), n, a, d)
        for k, n, a, d, _ in await _sums(session, incident_id, region_code, Need.region_code)
    ]
    return Coverage(
        needed=sum(t.needed for t in by_category),
        allocated=sum(t.allocated for t in by_category),
        delivered=sum(t.delivered for t in by_category),
        by_category=by_category,
        by_region=by_region,
    )


async def coverage_grid(
    session: AsyncSession, incident_id: uuid.UUID, region_code: str | None = None
) -> list[Cell]:
    """Coverage per region × category: the rows of the coverage report."""
    rows = await _sums(session, incident_id, region_code, Need.region_code, Need.category_code)
    return [Cell(str(r), str(c), n, a, d, b) for r, c, n, a, d, b in rows]


def gaps(incident_id: uuid.UUID, region_code: str | None = None) -> Select[Need]:
    """Open (or overdue) CRITICAL and HIGH needs with nothing allocated yet."""
    stmt = select(Need).where(
        Need.incident_id == incident_id,
        Need.status.in_((NeedStatus.OPEN, NeedStatus.OVERDUE)),
        Need.quantity_allocated == 0,
        Need.urgency.in_(GAP_URGENCIES),
    )
    if region_code is not None:
        stmt = stmt.where(in_subtree(Need.region_code, region_code))
    return stmt
