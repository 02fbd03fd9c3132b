"""One module per assignment mutation."""

import strawberry

from api.assignments.mutations.check_in import CheckIn
from api.assignments.mutations.check_out import CheckOut
from api.assignments.mutations.confirm_hours import ConfirmHours
from api.assignments.mutations.deploy_volunteers import DeployVolunteers


@strawberry.type
class AssignmentsMutations(DeployVolunteers, CheckIn, CheckOut, ConfirmHours):
    """Every assignment mutation, composed into the schema's Mutation root."""
