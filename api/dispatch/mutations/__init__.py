"""One module per dispatch mutation."""

import strawberry

from api.dispatch.mutations.update_dispatch_status import UpdateDispatchStatus


@strawberry.type
class DispatchMutations(UpdateDispatchStatus):
    """Every dispatch mutation, composed into the schema's Mutation root."""
