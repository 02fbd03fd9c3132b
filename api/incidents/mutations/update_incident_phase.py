"""The `updateIncidentPhase` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.incidents.errors import IncidentError
from api.incidents.types import IncidentPhaseEnum, IncidentType
from api.kernel.mutations import mutation
from domain.incidents import services as incidents


@strawberry.input
class UpdateIncidentPhaseInput:
    incident_id: strawberry.ID
    phase: IncidentPhaseEnum  # type: ignore[valid-type]


@strawberry.type
class UpdateIncidentPhasePayload:
    incident: IncidentType | None
    user_errors: list[IncidentError]


@strawberry.type
class UpdateIncidentPhase:
    update_incident_phase = mutation(
        UpdateIncidentPhaseInput,
        UpdateIncidentPhasePayload,
        incidents.update_phase,
        description="Office staff move an incident forward (or CLOSE it).",
    )
