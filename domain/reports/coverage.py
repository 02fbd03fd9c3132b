"""Coverage of an incident: needed, allocated, delivered and short — each category in its
own unit, and across categories only as shares (never litres added to counselor-days).

A need's shortfall is `Need.shortfall` (domain/needs/model.py), the one definition every
figure here, the gaps, the exports and the 3W use.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from domain.categories.model import Category
from domain.kernel.enums import NeedStatus
from domain.kernel.policy import in_subtree
from domain.matching.metrics import METRIC_WEIGHT
from domain.matching.model import Urgency
from domain.needs.model import Need

# Expired needs count: closing an incident must not erase what was given to it, nor what
# it never got.
COUNTED = (
    NeedStatus.OPEN,
    NeedStatus.PARTIALLY_ALLOCATED,
    NeedStatus.ALLOCATED,
    NeedStatus.FULFILLED,
    NeedStatus.OVERDUE,
    NeedStatus.EXPIRED,
)

# How much a need weighs in `weighted_covered_share`: the engine's own weights of its
# urgency-weighted coverage (CRITICAL 8, HIGH 4, MEDIUM 2, LOW 1: each urgency counts
# twice the one below it), so a round's metric and an office's share weigh alike.
URGENCY_WEIGHTS: dict[Urgency, int] = METRIC_WEIGHT


@dataclass(frozen=True)
class CategoryTotals:
    """One category of an incident's needs, in the category's unit."""

    category_code: str
    unit: str
    needed: int
    allocated: int
    delivered: int
    shortfall: int


@dataclass(frozen=True)
class Shares:
    """Across categories, shares only: of the needs, how many are fully covered; of the
    units, how much is covered, each need's own share weighted by its urgency."""

    needs: int
    gaps: int
    fully_covered_share: float | None
    weighted_covered_share: float | None


@dataclass(frozen=True)
class MixedTotals:
    """Quantities summed across categories: litres plus counselor-days. Meaningless, kept
    only for the deprecated GraphQL totals partners may still read."""

    needed: int = 0
    allocated: int = 0
    delivered: int = 0


@dataclass(frozen=True)
class RegionShares:
    region_code: str
    shares: Shares
    mixed: MixedTotals


@dataclass(frozen=True)
class Cell:
    """One region × category square of the coverage grid."""

    region_code: str
    category_code: str
    needed: int
    allocated: int
    delivered: int
    shortfall: int
    beneficiaries: int


@dataclass(frozen=True)
class Coverage:
    by_category: list[CategoryTotals]
    by_region: list[RegionShares]
    shares: Shares
    mixed: MixedTotals


def counted(incident_id: uuid.UUID, region_code: str | None) -> list[ColumnElement[bool]]:
    """The needs every coverage figure is over: the incident's, not cancelled, in the
    region's subtree when one is given."""
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
            func.sum(Need.shortfall),
            func.sum(Need.beneficiary_count),
        )
        .where(*counted(incident_id, region_code))
        .group_by(*columns)
        .order_by(*columns)
    )
    width = len(columns)
    return [
        (*row[:width], *(int(n or 0) for n in row[width:]))
        for row in (await session.execute(stmt)).all()
    ]


def _weight() -> ColumnElement[int]:
    return case(
        *((Need.urgency == urgency, weight) for urgency, weight in URGENCY_WEIGHTS.items()),
        else_=1,
    )


async def _shares(
    session: AsyncSession, incident_id: uuid.UUID, region_code: str | None
) -> dict[str | None, Shares]:
    """Shares per region code, and for the whole incident (key None)."""
    covered = Need.quantity - Need.shortfall
    stmt = (
        select(
            Need.region_code,
            func.count(),
            func.sum(case((Need.shortfall > 0, 1), else_=0)),
            func.sum(_weight()),
            # Each need's covered share (a ratio: no unit), weighted by its urgency.
            func.sum(_weight() * covered * 1.0 / Need.quantity),
        )
        .where(*counted(incident_id, region_code))
        .group_by(Need.region_code)
    )
    raw = {
        str(code): (int(n), int(gaps or 0), int(weights or 0), float(weighted or 0))
        for code, n, gaps, weights, weighted in (await session.execute(stmt)).all()
    }
    result: dict[str | None, Shares] = {code: _share(*v) for code, v in raw.items()}
    totals = [sum(v[i] for v in raw.values()) for i in range(4)]
    result[None] = _share(int(totals[0]), int(totals[1]), int(totals[2]), float(totals[3]))
    return result


def _share(needs: int, gaps: int, weights: int, weighted: float) -> Shares:
    if needs == 0:
        return Shares(0, 0, None, None)
    return Shares(needs, gaps, (needs - gaps) / needs, weighted / weights)


async def incident_coverage(
    session: AsyncSession, incident_id: uuid.UUID, region_code: str | None = None
) -> Coverage:
    """Per category in its unit, per region as shares, and the incident's shares."""
    units = {c: u for c, u in (await session.execute(select(Category.code, Category.unit))).all()}
    by_category = [
        CategoryTotals(str(k), units.get(str(k), ""), n, a, d, s)
        for k, n, a, d, s, _ in await _sums(session, incident_id, region_code, Need.category_code)
    ]
    shares = await _shares(session, incident_id, region_code)
    whole = shares.pop(None)
    mixed = {
        str(k): MixedTotals(n, a, d)
        for k, n, a, d, _, _ in await _sums(session, incident_id, region_code, Need.region_code)
    }
    by_region = [
        RegionShares(str(code), s, mixed.get(str(code), MixedTotals()))
        for code, s in sorted(shares.items(), key=lambda item: str(item[0]))
    ]
    return Coverage(
        by_category=by_category,
        by_region=by_region,
        shares=whole,
        mixed=MixedTotals(
            sum(t.needed for t in by_category),
            sum(t.allocated for t in by_category),
            sum(t.delivered for t in by_category),
        ),
    )


async def coverage_grid(
    session: AsyncSession, incident_id: uuid.UUID, region_code: str | None = None
) -> list[Cell]:
    """Coverage per region × category: the rows of the coverage report."""
    rows = await _sums(session, incident_id, region_code, Need.region_code, Need.category_code)
    return [Cell(str(r), str(c), n, a, d, s, b) for r, c, n, a, d, s, b in rows]


def gaps(incident_id: uuid.UUID, region_code: str | None = None) -> Select[Need]:
    """Every need of the incident still short (see `Need.shortfall`), in no order yet:
    domain/reports/gaps.py pages them most urgent first."""
    return select(Need).where(*counted(incident_id, region_code), Need.shortfall > 0)
