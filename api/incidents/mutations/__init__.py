"""One module per incident mutation."""

import strawberry

from api.incidents.mutations.create_incident import CreateIncident
from api.incidents.mutations.mark_region_assessed import MarkRegionAssessed
from api.incidents.mutations.update_incident import UpdateIncident
from api.incidents.mutations.update_incident_phase import UpdateIncidentPhase


@strawberry.type
class IncidentsMutations(CreateIncident, UpdateIncident, UpdateIncidentPhase, MarkRegionAssessed):
    """Every incidents mutation, composed into the schema's Mutation root."""
