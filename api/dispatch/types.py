"""A dispatch: its code, status and the allocation it carries out."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.ids import to_global_id
from api.kernel.types import Node
from api.matching.types import AllocationType
from api.notify.types import NotificationType
from domain.dispatch.model import Dispatch
from domain.kernel.enums import DispatchStatus
from domain.matching.records import Allocation
from domain.notify.model import Notification

DispatchStatusEnum = strawberry.enum(DispatchStatus)


@strawberry.type(name="Dispatch", description="Issued when an allocation is accepted.")
class DispatchType(Node):
    row: strawberry.Private[Dispatch]
    code: str
    status: DispatchStatusEnum  # type: ignore[valid-type]
    delivered_quantity: int
    deadline: datetime
    issued_at: datetime
    acknowledged_at: datetime | None
    delivered_at: datetime | None

    @classmethod
    def of(cls, row: Dispatch) -> DispatchType:
        return cls(
            id=strawberry.ID(to_global_id("Dispatch", row.id)),
            row=row,
            code=row.code,
            status=row.status,
            delivered_quantity=row.delivered_quantity,
            deadline=row.deadline,
            issued_at=row.issued_at,
            acknowledged_at=row.acknowledged_at,
            delivered_at=row.delivered_at,
        )

    @strawberry.field(description="What to bring, where, by when, whom to call.")
    def instructions(self) -> JSON:
        return cast(JSON, self.row.instructions)

    @strawberry.field
    async def allocation(self, info: Info) -> AllocationType:
        row = await loaders.loader(info.context, Allocation).load(self.row.allocation_id)
        assert row is not None
        return AllocationType.of(row)

    @strawberry.field(description="Who was told, on which channel, and how delivery went.")
    async def notifications(self, info: Info) -> list[NotificationType]:
        rows = await loaders.grouped(
            info.context, "notifications_by_dispatch", Notification, Notification.dispatch_id
        ).load(self.row.id)
        return [NotificationType.of(r) for r in rows]
