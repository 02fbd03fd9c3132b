"""Filters of the needs list, shared by the root query and Incident.needs."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.connections import equals, in_region, narrows, node_id, present, updated_since
from api.needs.types import NeedStatusEnum, UrgencyEnum
from domain.needs.model import Need


@strawberry.input
class NeedFilter:
    incident_id: strawberry.ID | None = narrows(node_id(Need.incident_id, "Incident", "incidentId"))
    status: NeedStatusEnum | None = narrows(equals(Need.status))  # type: ignore[valid-type]
    urgency: UrgencyEnum | None = narrows(equals(Need.urgency))  # type: ignore[valid-type]
    category_code: str | None = narrows(equals(Need.category_code))
    region_code: str | None = narrows(
        in_region(Need.region_code), description="The code's subtree."
    )
    escalated: bool | None = narrows(
        present(Need.escalated_at),
        description="True: needs handed up to an office above; with regionCode, the "
        "escalated needs of an office's jurisdiction.",
    )
    escalated_to_office_id: strawberry.ID | None = narrows(
        node_id(Need.escalated_to_office_id, "Office", "escalatedToOfficeId"),
        description="Needs last escalated to this office.",
    )
    updated_since: datetime | None = updated_since(Need)
