"""Incidents, which are public."""

from __future__ import annotations

import strawberry

from api.incidents.types import IncidentPhaseEnum, IncidentType
from api.kernel.connections import connection_field, equals, narrows, touches_region
from api.kernel.nodes import register
from domain.incidents.model import Incident


@strawberry.input
class IncidentFilter:
    phase: IncidentPhaseEnum | None = narrows(equals(Incident.phase))  # type: ignore[valid-type]
    region_code: str | None = narrows(
        touches_region(Incident.region_codes),
        description="Incidents touching this region's subtree.",
    )


@strawberry.type
class IncidentQueries:
    incidents = connection_field(
        IncidentType, filter=IncidentFilter, description="Incidents are public."
    )


register(IncidentType)
