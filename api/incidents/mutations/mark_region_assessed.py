"""The `markRegionAssessed` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.incidents.errors import IncidentError
from api.incidents.types import IncidentType
from api.kernel.mutations import mutation
from domain.incidents import blind_spots


@strawberry.input
class MarkRegionAssessedInput:
    incident_id: strawberry.ID
    region_code: str = strawberry.field(description="A county (lowest-level region) it affects.")
    note: str | None = strawberry.field(default=None, description="What the assessment found.")


@strawberry.type
class MarkRegionAssessedPayload:
    incident: IncidentType | None
    user_errors: list[IncidentError]


@strawberry.type
class MarkRegionAssessed:
    mark_region_assessed = mutation(
        MarkRegionAssessedInput,
        MarkRegionAssessedPayload,
        blind_spots.mark_region_assessed,
        description="An office whose jurisdiction holds the region records that it was "
        "assessed and needs nothing now: it is no longer a blind spot.",
    )
