"""Filters of the needs list, shared by the root query and Incident.needs."""

from __future__ import annotations

import uuid

import strawberry
from sqlalchemy import Select, select

from api.kernel.ids import expect_id
from api.needs.types import NeedStatusEnum, UrgencyEnum
from domain.needs.model import Need
from domain.reports.coverage import in_subtree


@strawberry.input
class NeedFilter:
    incident_id: strawberry.ID | None = None
    status: NeedStatusEnum | None = None  # type: ignore[valid-type]
    urgency: UrgencyEnum | None = None  # type: ignore[valid-type]
    category_code: str | None = None
    region_code: str | None = strawberry.field(default=None, description="The code's subtree.")


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
