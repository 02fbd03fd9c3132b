"""One module per need mutation."""

import strawberry

from api.needs.mutations.cancel_need import CancelNeed
from api.needs.mutations.escalate_need import EscalateNeed
from api.needs.mutations.extend_need import ExtendNeed
from api.needs.mutations.import_needs import ImportNeeds
from api.needs.mutations.publish_need import PublishNeed
from api.needs.mutations.sync_needs import SyncNeeds
from api.needs.mutations.update_need import UpdateNeed


@strawberry.type
class NeedsMutations(
    PublishNeed, UpdateNeed, CancelNeed, ImportNeeds, SyncNeeds, ExtendNeed, EscalateNeed
):
    """Every needs mutation, composed into the schema's Mutation root."""
