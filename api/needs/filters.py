"""Filters of the needs list, shared by the root query and Incident.needs."""

from __future__ import annotations

import strawberry

from api.kernel.connections import Rules, equals, in_region, node_id, present
from api.needs.types import NeedStatusEnum, UrgencyEnum
from domain.needs.model import Need


@strawberry.input
class NeedFilter:
    incident_id: strawberry.ID | None = None
    status: NeedStatusEnum | None = None  # type: ignore[valid-type]
    urgency: UrgencyEnum | None = None  # type: ignore[valid-type]
    category_code: str | None = None
    region_code: str | None = strawberry.field(default=None, description="The code's subtree.")
    escalated: bool | None = strawberry.field(
        default=None,
        description="True: needs handed up to an office above; with regionCode, the "
        "escalated needs of an office's jurisdiction.",
    )
    escalated_to_office_id: strawberry.ID | None = strawberry.field(
        default=None, description="Needs last escalated to this office."
    )


NEED_RULES: Rules = {
    "incident_id": node_id(Need.incident_id, "Incident", "incidentId"),
    "status": equals(Need.status),
    "urgency": equals(Need.urgency),
    "category_code": equals(Need.category_code),
    "region_code": in_region(Need.region_code),
    "escalated": present(Need.escalated_at),
    "escalated_to_office_id": node_id(Need.escalated_to_office_id, "Office", "escalatedToOfficeId"),
}
