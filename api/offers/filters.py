"""Filters of the offers list."""

from __future__ import annotations

import strawberry
from sqlalchemy import Select, select

from api.kernel.ids import expect_id
from api.offers.types import OfferStatusEnum
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer


@strawberry.input
class OfferFilter:
    incident_id: strawberry.ID | None = strawberry.field(
        default=None, description="Offers allocated to needs of this incident."
    )
    status: OfferStatusEnum | None = None  # type: ignore[valid-type]
    category_code: str | None = None
    organization_id: strawberry.ID | None = None


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
