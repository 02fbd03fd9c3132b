"""The rows behind an incident's exports, with the same visibility as the GraphQL reads."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.dispatch.model import Dispatch
from domain.dispatch.services import visible_dispatches
from domain.kernel.auth.principal import Principal
from domain.kernel.policy import in_subtree
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Organization


async def categories(session: AsyncSession) -> dict[str, Category]:
    """The taxonomy by code: group, unit and names for every row."""
    return {c.code: c for c in (await session.scalars(select(Category))).all()}


async def incident_needs(
    session: AsyncSession, incident_id: uuid.UUID, region_code: str | None = None
) -> list[Need]:
    """Every need of the incident (needs are public), oldest first."""
    stmt = select(Need).where(Need.incident_id == incident_id)
    if region_code is not None:
        stmt = stmt.where(in_subtree(Need.region_code, region_code))
    return list((await session.scalars(stmt.order_by(Need.created_at, Need.id))).all())


async def incident_offers(
    session: AsyncSession, incident_id: uuid.UUID, region_code: str | None = None
) -> list[tuple[Offer, Organization | None]]:
    """Offers allocated to the incident's needs (in the region), with their organization."""
    serving = (
        select(Allocation.offer_id)
        .join(Need, Need.id == Allocation.need_id)
        .where(Need.incident_id == incident_id)
    )
    if region_code is not None:
        serving = serving.where(in_subtree(Need.region_code, region_code))
    stmt = (
        select(Offer, Organization)
        .outerjoin(Organization, Organization.id == Offer.organization_id)
        .where(Offer.id.in_(serving))
        .order_by(Offer.created_at, Offer.id)
    )
    return [(offer, org) for offer, org in (await session.execute(stmt)).all()]


async def incident_dispatches(
    session: AsyncSession,
    principal: Principal,
    incident_id: uuid.UUID,
    region_code: str | None = None,
) -> list[tuple[Dispatch, Allocation, Need, Organization | None]]:
    """The dispatches the viewer may see (as the `dispatches` query), oldest first."""
    principal.require_signed_in()
    stmt = (
        visible_dispatches(principal)
        .add_columns(Allocation, Need, Organization)
        .outerjoin(Organization, Organization.id == Offer.organization_id)
        .where(Need.incident_id == incident_id)
        .order_by(Dispatch.issued_at, Dispatch.id)
    )
    if region_code is not None:
        stmt = stmt.where(in_subtree(Need.region_code, region_code))
    return [(d, a, n, o) for d, a, n, o in (await session.execute(stmt)).all()]
