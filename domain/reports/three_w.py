"""The 3W report of an incident: who does what where, summed by SQL.

Who is the providing organization; individual volunteers are providers too, counted
together per category and region and never named, since people are not public data.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.dispatch.model import Dispatch
from domain.incidents.model import Incident
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import AllocationStatus
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.policy import in_subtree
from domain.matching.records import Allocation
from domain.matching.visibility import visible_allocations
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Organization
from domain.reports.coverage import COUNTED


class ProviderKind(enum.Enum):
    """An organization's kind, or VOLUNTEER for the individual volunteers."""

    CHARITY = "CHARITY"
    SOCIAL_WORK_AGENCY = "SOCIAL_WORK_AGENCY"
    VOLUNTEER_SERVICE_ORGANIZATION = "VOLUNTEER_SERVICE_ORGANIZATION"
    EMERGENCY_RESCUE_TEAM = "EMERGENCY_RESCUE_TEAM"
    OTHER = "OTHER"
    VOLUNTEER = "VOLUNTEER"


VOLUNTEER = ProviderKind.VOLUNTEER.value


@dataclass(frozen=True)
class ThreeWRow:
    """One organization (or the individual volunteers) × category × region."""

    organization_id: uuid.UUID | None
    organization_name: str | None
    uscc: str | None
    provider_kind: ProviderKind
    category_code: str
    category_group: str
    unit: str
    region_code: str
    allocated: int
    # Confirmed received: only what the receiving side confirmed counts as delivered.
    delivered: int
    needs: int
    started_at: datetime | None
    people_targeted: int
    people_reached: int


async def get_incident(session: AsyncSession, incident_id: uuid.UUID) -> Incident:
    """Incidents are public; an unknown id is refused on incidentId."""
    incident = await session.get(Incident, incident_id)
    if incident is None:
        raise DomainError.single("incident_id", ErrorCode.NOT_FOUND, "No such incident.")
    return incident


Row = tuple[Any, ...]


def _accepted(
    stmt: Select[*Row], principal: Principal, incident_id: uuid.UUID, region_code: str | None
) -> Select[*Row]:
    """`stmt` over the incident's accepted allocations the viewer may see, with their
    need, offer and dispatch joined."""
    visible = visible_allocations(principal).with_only_columns(Allocation.id)
    stmt = (
        stmt.select_from(Allocation)
        .join(Need, Need.id == Allocation.need_id)
        .join(Offer, Offer.id == Allocation.offer_id)
        .outerjoin(Dispatch, Dispatch.allocation_id == Allocation.id)
        .where(
            Need.incident_id == incident_id,
            Need.status.in_(COUNTED),
            Allocation.status == AllocationStatus.ACCEPTED,
            Allocation.id.in_(visible),
        )
    )
    if region_code is not None:
        stmt = stmt.where(in_subtree(Need.region_code, region_code))
    return stmt


Key = tuple[uuid.UUID | None, str, str]

# What an accepted allocation still holds for its need, as the need's quantity_allocated
# counts it: less what a short completion handed back and what a receipt reported missing.
HELD = Allocation.quantity - func.coalesce(
    Dispatch.returned_quantity + Dispatch.missing_quantity, 0
)


async def _people(
    session: AsyncSession, principal: Principal, incident_id: uuid.UUID, region_code: str | None
) -> dict[Key, tuple[int, int]]:
    """(targeted, reached) per row: the beneficiaries of the needs a provider serves, and
    of those where a delivery of it was confirmed; each need counted once per provider."""
    per_need = _accepted(
        select(
            Offer.organization_id.label("org"),
            Need.category_code.label("category"),
            Need.region_code.label("region"),
            Need.beneficiary_count.label("people"),
            func.max(func.coalesce(Dispatch.received_quantity, 0)).label("delivered"),
        ),
        principal,
        incident_id,
        region_code,
    ).group_by(
        Offer.organization_id, Need.category_code, Need.region_code, Need.id, Need.beneficiary_count
    )
    n = per_need.subquery()
    stmt = select(
        n.c.org,
        n.c.category,
        n.c.region,
        func.sum(n.c.people),
        func.sum(case((n.c.delivered > 0, n.c.people), else_=0)),
    ).group_by(n.c.org, n.c.category, n.c.region)
    return {
        (org, category, region): (int(targeted or 0), int(reached or 0))
        for org, category, region, targeted, reached in (await session.execute(stmt)).all()
    }


async def three_w(
    session: AsyncSession,
    principal: Principal,
    incident_id: uuid.UUID,
    region_code: str | None = None,
) -> list[ThreeWRow]:
    """Accepted allocations and their deliveries, as far as the viewer may see them.

    The rows follow the `allocations` query: ADMIN all, an office its jurisdiction's
    needs, a provider its own offers. Anonymous callers are refused.
    """
    principal.require_signed_in()
    grouping = (
        Offer.organization_id,
        Need.category_code,
        Need.region_code,
        Organization.name,
        Organization.uscc,
        Organization.kind,
        Category.group,
        Category.unit,
    )
    stmt = _accepted(
        select(
            *grouping,
            func.sum(HELD),
            func.sum(func.coalesce(Dispatch.received_quantity, 0)),
            func.count(func.distinct(Need.id)),
            func.min(Allocation.decided_at),
        ),
        principal,
        incident_id,
        region_code,
    )
    stmt = (
        stmt.outerjoin(Organization, Organization.id == Offer.organization_id)
        .outerjoin(Category, Category.code == Need.category_code)
        .group_by(*grouping)
    )
    people = await _people(session, principal, incident_id, region_code)
    rows = []
    for org_id, category, region, name, uscc, kind, group, unit, *sums in (
        await session.execute(stmt)
    ).all():
        targeted, reached = people.get((org_id, category, region), (0, 0))
        rows.append(
            ThreeWRow(
                organization_id=org_id,
                organization_name=name,
                uscc=uscc,
                provider_kind=ProviderKind(kind.value if kind else VOLUNTEER),
                category_code=category,
                category_group=group or "",
                unit=unit or "",
                region_code=region,
                allocated=int(sums[0] or 0),
                delivered=int(sums[1] or 0),
                needs=int(sums[2]),
                started_at=sums[3],
                people_targeted=targeted,
                people_reached=reached,
            )
        )
    # Sorted here: NULL (the volunteers) orders differently on SQLite and PostgreSQL.
    return sorted(rows, key=lambda r: (r.region_code, r.category_code, r.organization_name or ""))
