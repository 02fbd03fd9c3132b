"""A dispatch: its code, status and the allocation it carries out."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.types import Node, RowBacked, row_type
from api.matching.types import AllocationType
from api.notify.types import NotificationType
from domain.dispatch.model import Delivery, Dispatch, Receipt
from domain.kernel import policy
from domain.kernel.enums import DispatchStatus, Scope
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.notify.model import Notification

DispatchStatusEnum = strawberry.enum(DispatchStatus)


@row_type(Delivery, name="Delivery", description="What the provider says it handed over, once.")
class DeliveryType(RowBacked):
    quantity: int = strawberry.field(description="In the category's unit.")
    delivered_at: datetime
    note: str | None
    photo_ref: str | None = strawberry.field(
        description="Where a photo of the hand-over is kept (a URL or a file reference)."
    )


@row_type(
    Receipt,
    name="Receipt",
    description="The receiving side's confirmation of the deliveries not yet settled.",
)
class ReceiptType(RowBacked):
    quantity_received: int = strawberry.field(description="Counted towards the need.")
    quantity_missing: int = strawberry.field(
        description="Delivered, said not to have arrived: handed back to the need as short."
    )
    note: str | None
    confirmed_at: datetime


@row_type(Dispatch, name="Dispatch", description="Issued when an allocation is accepted.")
class DispatchType(Node):
    code: str
    status: DispatchStatusEnum  # type: ignore[valid-type]
    delivered_quantity: int = strawberry.field(
        description="What the provider says it delivered: the sum of its deliveries."
    )
    received_quantity: int = strawberry.field(
        description="What the receiving side confirmed; only this counts towards the need."
    )
    missing_quantity: int = strawberry.field(
        description="Delivered units the receiving side said did not arrive."
    )
    returned_quantity: int = strawberry.field(
        description="Never delivered when the provider completed: handed back to the need."
    )
    returned_to_offer: bool = strawberry.field(
        description="Whether the returned units went back to the offer (false: the "
        "provider said that capacity is gone)."
    )
    deadline: datetime
    issued_at: datetime
    acknowledged_at: datetime | None
    delivered_at: datetime | None = strawberry.field(description="The latest delivery.")
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime = strawberry.field(
        description="When it last changed: the order of `filter: {updatedSince}`."
    )

    @strawberry.field(description="Delivered units not yet confirmed or reported missing.")
    def awaiting_receipt(self, root: Dispatch) -> int:
        return root.awaiting_receipt

    @strawberry.field(description="Oldest first.")
    async def deliveries(self, root: Dispatch, info: Info) -> list[DeliveryType]:
        rows = await loaders.grouped(
            info.context, "deliveries_by_dispatch", Delivery, Delivery.dispatch_id
        ).load(root.id)
        return [DeliveryType.of(r) for r in rows]

    @strawberry.field(description="Oldest first.")
    async def receipts(self, root: Dispatch, info: Info) -> list[ReceiptType]:
        rows = await loaders.grouped(
            info.context, "receipts_by_dispatch", Receipt, Receipt.dispatch_id
        ).load(root.id)
        return [ReceiptType.of(r) for r in rows]

    @strawberry.field(
        description="What to bring, where, by when, whom to call. The `point` is null for "
        "a token without the PERSONAL_DATA scope when the need names special groups."
    )
    async def instructions(self, root: Dispatch, info: Info) -> JSON:
        principal = info.context.principal
        if root.instructions.get("point") is None or principal.has_scope(Scope.PERSONAL_DATA):
            return cast(JSON, root.instructions)
        allocation = await loaders.loader(info.context, Allocation).load(root.allocation_id)
        assert allocation is not None
        need = await loaders.loader(info.context, Need).load(allocation.need_id)
        groups = need.special_groups if need is not None else ["unknown"]
        # A token without PERSONAL_DATA: the rule refuses it whatever else it is.
        if policy.may_see_exact_location(principal, special_groups=groups):
            return cast(JSON, root.instructions)
        return cast(JSON, {**root.instructions, "point": None})

    @strawberry.field
    async def allocation(self, root: Dispatch, info: Info) -> AllocationType:
        row = await loaders.loader(info.context, Allocation).load(root.allocation_id)
        assert row is not None
        return AllocationType.of(row)

    @strawberry.field(description="Who was told, on which channel, and how delivery went.")
    async def notifications(self, root: Dispatch, info: Info) -> list[NotificationType]:
        rows = await loaders.grouped(
            info.context, "notifications_by_dispatch", Notification, Notification.dispatch_id
        ).load(root.id)
        return [NotificationType.of(r) for r in rows]
