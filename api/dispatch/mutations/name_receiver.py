"""The `nameReceiver` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.dispatch.errors import DispatchError
from api.dispatch.types import DispatchType
from api.kernel.mutations import mutation
from domain.dispatch import receipts


@strawberry.input
class NameReceiverInput:
    dispatch_id: strawberry.ID
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="The account that may confirm receipt; null names nobody."
    )


@strawberry.type
class NameReceiverPayload:
    dispatch: DispatchType | None
    user_errors: list[DispatchError]


@strawberry.type
class NameReceiver:
    name_receiver = mutation(
        NameReceiverInput,
        NameReceiverPayload,
        receipts.name_receiver,
        description="The receiving office names who on the ground may confirm receipt.",
    )
