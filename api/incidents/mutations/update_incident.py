"""The `updateIncident` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.incidents.errors import IncidentError
from api.incidents.types import IncidentType, ResponseLevelEnum
from api.kernel.mutations import mutation
from domain.visits import opening


@strawberry.input
class UpdateIncidentInput:
    incident_id: strawberry.ID
    name: str | None = None
    description: str | None = strawberry.field(
        default=None, description="An empty text clears it; null leaves it."
    )
    response_level: ResponseLevelEnum | None = None  # type: ignore[valid-type]
    add_region_codes: list[str] | None = strawberry.field(
        default=None, description="Regions the incident now reaches too."
    )
    remove_region_codes: list[str] | None = strawberry.field(
        default=None, description="Regions it no longer reaches (none of its live needs there)."
    )


@strawberry.type
class UpdateIncidentPayload:
    incident: IncidentType | None
    user_errors: list[IncidentError]


@strawberry.type
class UpdateIncident:
    update_incident = mutation(
        UpdateIncidentInput,
        UpdateIncidentPayload,
        opening.update_incident,
        description="The governing office renames the incident, changes its description or "
        "response level, or the regions it reaches; an added region's blind-spot clock "
        "starts when it is added, and the register's persons of the counties it now reaches "
        "are given a visit round (72 h).",
    )
