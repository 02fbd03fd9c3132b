"""Dispatches the viewer may see."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.dispatch.types import DispatchStatusEnum, DispatchType
from api.kernel.connections import connection_field, equals, narrows, node_id, updated_since
from api.kernel.nodes import register
from domain.dispatch.model import Dispatch
from domain.dispatch.services import visible_dispatches
from domain.needs.model import Need
from domain.offers.model import Offer


@strawberry.input
class DispatchFilter:
    incident_id: strawberry.ID | None = narrows(node_id(Need.incident_id, "Incident", "incidentId"))
    status: DispatchStatusEnum | None = narrows(equals(Dispatch.status))  # type: ignore[valid-type]
    organization_id: strawberry.ID | None = narrows(
        node_id(Offer.organization_id, "Organization", "organizationId")
    )
    updated_since: datetime | None = updated_since(Dispatch)


@strawberry.type
class DispatchQueries:
    dispatches = connection_field(
        DispatchType,
        scope=visible_dispatches,
        filter=DispatchFilter,
        description="Offices see their jurisdiction's; providers their own.",
    )


register(DispatchType, scope=visible_dispatches)
