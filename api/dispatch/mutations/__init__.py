"""One module per dispatch mutation."""

import strawberry

from api.dispatch.mutations.confirm_receipt import ConfirmReceipt
from api.dispatch.mutations.name_receiver import NameReceiver
from api.dispatch.mutations.record_delivery import RecordDelivery
from api.dispatch.mutations.update_dispatch_status import UpdateDispatchStatus


@strawberry.type
class DispatchMutations(UpdateDispatchStatus, RecordDelivery, ConfirmReceipt, NameReceiver):
    """Every dispatch mutation, composed into the schema's Mutation root."""
