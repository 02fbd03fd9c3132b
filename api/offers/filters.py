"""Filters of the offers list."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from api.kernel.connections import equals, narrows, node_id, updated_since
from api.kernel.ids import expect_id
from api.offers.types import OfferStatusEnum
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer


def _allocated_in_incident(value: str) -> ColumnElement[bool]:
    incident_id = expect_id(value, "Incident", "incidentId")
    in_incident = (
        select(Allocation.offer_id)
        .join(Need, Need.id == Allocation.need_id)
        .where(Need.incident_id == incident_id)
    )
    return Offer.id.in_(in_incident)


@strawberry.input
class OfferFilter:
    incident_id: strawberry.ID | None = narrows(
        _allocated_in_incident, description="Offers allocated to needs of this incident."
    )
    status: OfferStatusEnum | None = narrows(equals(Offer.status))  # type: ignore[valid-type]
    category_code: str | None = narrows(equals(Offer.category_code))
    organization_id: strawberry.ID | None = narrows(
        node_id(Offer.organization_id, "Organization", "organizationId")
    )
    volunteer_id: strawberry.ID | None = narrows(
        node_id(Offer.volunteer_id, "Volunteer", "volunteerId"),
        description="A volunteer's own offers (their page lists them).",
    )
    updated_since: datetime | None = updated_since(Offer)
