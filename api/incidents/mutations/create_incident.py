"""The `createIncident` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.incidents.errors import IncidentError
from api.incidents.types import HazardEnum, IncidentType, ResponseLevelEnum
from api.kernel.mutations import mutation
from domain.visits import opening


@strawberry.input
class CreateIncidentInput:
    name: str
    hazard: HazardEnum  # type: ignore[valid-type]
    response_level: ResponseLevelEnum  # type: ignore[valid-type]
    region_codes: list[str]
    started_at: datetime
    description: str | None = None
    office_id: strawberry.ID | None = strawberry.field(
        default=None, description="ADMIN only: the responsible office."
    )


@strawberry.type
class CreateIncidentPayload:
    incident: IncidentType | None
    user_errors: list[IncidentError]


@strawberry.type
class CreateIncident:
    create_incident = mutation(
        CreateIncidentInput,
        CreateIncidentPayload,
        opening.create_incident,
        description="Office staff open an incident inside their jurisdiction. If the register "
        "has persons in its counties, a visit round is planned for them at once (72 h).",
    )
