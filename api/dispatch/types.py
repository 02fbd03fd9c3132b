"""A dispatch: its code, status and the allocation it carries out."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.types import Node, row_type
from api.matching.types import AllocationType
from api.notify.types import NotificationType
from domain.dispatch.model import Dispatch
from domain.kernel.enums import DispatchStatus
from domain.matching.records import Allocation
from domain.notify.model import Notification

DispatchStatusEnum = strawberry.enum(DispatchStatus)


@row_type(Dispatch, name="Dispatch", description="Issued when an allocation is accepted.")
class DispatchType(Node):
    code: str
    status: DispatchStatusEnum  # type: ignore[valid-type]
    delivered_quantity: int
    deadline: datetime
    issued_at: datetime
    acknowledged_at: datetime | None
    delivered_at: datetime | None

    @strawberry.field(description="What to bring, where, by when, whom to call.")
    def instructions(self, root: Dispatch) -> JSON:
        return cast(JSON, root.instructions)

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
