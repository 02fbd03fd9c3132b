"""The 3W report of an incident: who does what where, summed by SQL.

Who is the providing organization; individual volunteers are providers too, counted
together per category and region and never named, since people are not public data.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.auth.principal import Principal
from domain.db.categories import Category
from domain.db.registry import Organization
from domain.db.relief import Allocation, Dispatch, Incident, Need, Offer
from domain.enums import AllocationStatus
from domain.errors import DomainError, ErrorCode
from domain.services.allocations import visible_allocations
from domain.services.coverage import COUNTED, in_subtree


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
    delivered: int
    needs: int
    started_at: datetime | None


async def get_incident(session: AsyncSession, incident_id: uuid.UUID) -> Incident:
    """Incidents are public; an unknown id is refused on incidentId."""
    incident = await session.get(Incident, incident_id)
    if incident is None:
        raise DomainError.single("incidentId", ErrorCode.NOT_FOUND, "No such incident.")
    return incident


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
    visible = visible_allocations(principal).with_only_columns(Allocation.id)
    grouping = (
        Offer.organization_id,
        Organization.name,
        Organization.uscc,
        Organization.kind,
        Need.category_code,
        Category.group,
        Category.unit,
        Need.region_code,
    )
    stmt = (
        select(
            *grouping,
            func.sum(Allocation.quantity),
            func.sum(func.coalesce(Dispatch.delivered_quantity, 0)),
            func.count(func.distinct(Need.id)),
            func.min(Allocation.decided_at),
        )
        .select_from(Allocation)
        .join(Need, Need.id == Allocation.need_id)
        .join(Offer, Offer.id == Allocation.offer_id)
        .outerjoin(Organization, Organization.id == Offer.organization_id)
        .outerjoin(Category, Category.code == Need.category_code)
        .outerjoin(Dispatch, Dispatch.allocation_id == Allocation.id)
        .where(
            Need.incident_id == incident_id,
            Need.status.in_(COUNTED),
            Allocation.status == AllocationStatus.ACCEPTED,
            Allocation.id.in_(visible),
        )
        .group_by(*grouping)
    )
    if region_code is not None:
        stmt = stmt.where(in_subtree(Need.region_code, region_code))
    rows = [
        ThreeWRow(
            organization_id=row[0],
            organization_name=row[1],
            uscc=row[2],
            provider_kind=ProviderKind(row[3].value)
            if row[3] is not None
            else ProviderKind.VOLUNTEER,
            category_code=row[4],
            category_group=row[5] or "",
            unit=row[6] or "",
            region_code=row[7],
            allocated=int(row[8] or 0),
            delivered=int(row[9] or 0),
            needs=int(row[10]),
            started_at=row[11],
        )
        for row in (await session.execute(stmt)).all()
    ]
    # Sorted here: NULL (the volunteers) orders differently on SQLite and PostgreSQL.
    return sorted(rows, key=lambda r: (r.region_code, r.category_code, r.organization_name or ""))
