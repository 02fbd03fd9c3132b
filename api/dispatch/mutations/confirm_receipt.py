"""The `confirmReceipt` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.dispatch.errors import DispatchError
from api.dispatch.types import DispatchType
from api.kernel.mutations import mutation
from domain.dispatch import receipts


@strawberry.input
class ConfirmReceiptInput:
    dispatch_id: strawberry.ID
    quantity_received: int = strawberry.field(
        description="Of the delivered units not confirmed yet, how many arrived."
    )
    note: str | None = strawberry.field(
        default=None, description="Required when fewer arrived than were delivered: why."
    )


@strawberry.type
class ConfirmReceiptPayload:
    dispatch: DispatchType | None
    user_errors: list[DispatchError]


@strawberry.type
class ConfirmReceipt:
    confirm_receipt = mutation(
        ConfirmReceiptInput,
        ConfirmReceiptPayload,
        receipts.confirm_receipt,
        description="The receiving office (or the receiver it named) confirms what arrived.",
    )
