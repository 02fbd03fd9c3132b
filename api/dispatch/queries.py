"""Dispatches the viewer may see."""

from __future__ import annotations

import strawberry

from api.dispatch.types import DispatchStatusEnum, DispatchType
from api.kernel.connections import Rules, connection_field, equals, node_id
from api.kernel.nodes import node_resolver, register
from domain.dispatch.model import Dispatch
from domain.dispatch.services import visible_dispatches
from domain.needs.model import Need
from domain.offers.model import Offer


@strawberry.input
class DispatchFilter:
    incident_id: strawberry.ID | None = None
    status: DispatchStatusEnum | None = None  # type: ignore[valid-type]
    organization_id: strawberry.ID | None = None


DISPATCH_RULES: Rules = {
    "incident_id": node_id(Need.incident_id, "Incident", "incidentId"),
    "status": equals(Dispatch.status),
    "organization_id": node_id(Offer.organization_id, "Organization", "organizationId"),
}


@strawberry.type
class DispatchQueries:
    dispatches = connection_field(
        DispatchType,
        Dispatch,
        scope=lambda asked: visible_dispatches(asked.principal),
        filter=DispatchFilter,
        rules=DISPATCH_RULES,
        description="Offices see their jurisdiction's; providers their own.",
    )


register("Dispatch", node_resolver(Dispatch, DispatchType.of, scope=visible_dispatches))
