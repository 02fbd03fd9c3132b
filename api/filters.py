"""List filters of needs and offers, shared by the root queries and Incident.needs."""

from __future__ import annotations

import uuid

import strawberry
from sqlalchemy import Select, select

from api.ids import expect_id
from api.types.relief import NeedStatusEnum, OfferStatusEnum, UrgencyEnum
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.reports.coverage import in_subtree


@strawberry.input
class NeedFilter:
    incident_id: strawberry.ID | None = None
    status: NeedStatusEnum | None = None  # type: ignore[valid-type]
    urgency: UrgencyEnum | None = None  # type: ignore[valid-type]
    category_code: str | None = None
    region_code: str | None = strawberry.field(default=None, description="The code's subtree.")


@strawberry.input
class OfferFilter:
    incident_id: strawberry.ID | None = strawberry.field(
        default=None, description="Offers allocated to needs of this incident."
    )
    status: OfferStatusEnum | None = None  # type: ignore[valid-type]
    category_code: str | None = None
    organization_id: strawberry.ID | None = None


def needs_query(flt: NeedFilter | None, incident_id: uuid.UUID | None = None) -> Select[Need]:
    """Needs are public: what disaster areas lack is what donors must see."""
    stmt = select(Need)
    if flt and flt.incident_id:
        incident_id = expect_id(flt.incident_id, "Incident", "incidentId")
    if incident_id is not None:
        stmt = stmt.where(Need.incident_id == incident_id)
    if flt and flt.status:
        stmt = stmt.where(Need.status == flt.status)
    if flt and flt.urgency:
        stmt = stmt.where(Need.urgency == flt.urgency)
    if flt and flt.category_code:
        stmt = stmt.where(Need.category_code == flt.category_code)
    if flt and flt.region_code:
        stmt = stmt.where(in_subtree(Need.region_code, flt.region_code))
    return stmt


def offers_query(flt: OfferFilter | None) -> Select[Offer]:
    """Offers are public capacity; who the volunteer behind one is stays protected."""
    stmt = select(Offer)
    if flt and flt.incident_id:
        incident_id = expect_id(flt.incident_id, "Incident", "incidentId")
        in_incident = (
            select(Allocation.offer_id)
            .join(Need, Need.id == Allocation.need_id)
            .where(Need.incident_id == incident_id)
        )
        stmt = stmt.where(Offer.id.in_(in_incident))
    if flt and flt.status:
        stmt = stmt.where(Offer.status == flt.status)
    if flt and flt.category_code:
        stmt = stmt.where(Offer.category_code == flt.category_code)
    if flt and flt.organization_id:
        organization_id = expect_id(flt.organization_id, "Organization", "organizationId")
        stmt = stmt.where(Offer.organization_id == organization_id)
    return stmt
