"""The dispatches table, and the deliveries and receipts recorded against a dispatch."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, changes_index, enum_column
from domain.kernel.db.constraints import QUANTITIES_MOVED, REFUSAL, protects
from domain.kernel.db.versions import Versioned
from domain.kernel.enums import (
    DispatchStatus,
)
from domain.kernel.errors import ErrorCode


class Dispatch(Versioned, Entity):
    """One accepted allocation being carried out.

    Of the units dispatched, the provider says it delivered `delivered_quantity` (the sum
    of its deliveries); the receiving side confirmed `received_quantity` of those and said
    `missing_quantity` never arrived. What was never delivered when the provider completed
    the dispatch is `returned_quantity`: handed back to the need, and to the offer unless
    the provider said that capacity is gone.
    """

    __tablename__ = "dispatches"
    __table_args__ = (
        changes_index("dispatches"),
        CheckConstraint("delivered_quantity >= 0", name="delivered_non_negative"),
        CheckConstraint(
            "received_quantity >= 0 AND missing_quantity >= 0 AND returned_quantity >= 0",
            name="settled_non_negative",
        ),
        # A receipt settles delivered units only: nothing is confirmed that was not handed over.
        CheckConstraint(
            "received_quantity + missing_quantity <= delivered_quantity",
            name="receipts_within_deliveries",
            info={
                REFUSAL: protects(
                    "quantity_received", ErrorCode.INSUFFICIENT_CAPACITY, QUANTITIES_MOVED
                )
            },
        ),
    )

    allocation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid,
        ForeignKey("allocations.id"),
        unique=True,
        info={
            REFUSAL: protects(
                "allocation_id", ErrorCode.INVALID_TRANSITION, "The allocation was just decided."
            )
        },
    )
    code: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[DispatchStatus] = mapped_column(enum_column(DispatchStatus), index=True)
    instructions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    deadline: Mapped[datetime]
    delivered_quantity: Mapped[int] = mapped_column(Integer, default=0)
    received_quantity: Mapped[int] = mapped_column(Integer, default=0)
    missing_quantity: Mapped[int] = mapped_column(Integer, default=0)
    returned_quantity: Mapped[int] = mapped_column(Integer, default=0)
    # Whether the returned units went back to the offer too (False: the provider said
    # that capacity is gone, so the offer keeps them committed).
    returned_to_offer: Mapped[bool] = mapped_column(Boolean, default=False)
    # Someone on the ground the receiving office named to confirm receipt, besides its staff.
    receiver_account_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("accounts.id"), index=True
    )
    issued_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    # Escalation marks, set once each so the periodic job never nags twice.
    reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    # The same for a dispatch still undelivered at its deadline: provider, then office.
    late_reminded_at: Mapped[datetime | None]
    late_escalated_at: Mapped[datetime | None]

    @property
    def awaiting_receipt(self) -> int:
        """Delivered units the receiving side has not settled yet."""
        return self.delivered_quantity - self.received_quantity - self.missing_quantity


class Delivery(Entity):
    """What the provider says it handed over, once; a dispatch may have several."""

    __tablename__ = "deliveries"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    dispatch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dispatches.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    delivered_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)
    # Where a photo of the hand-over is kept (a URL or a file reference), never the photo.
    photo_ref: Mapped[str | None] = mapped_column(String(500))
    # Who said so, as an allocation's decided_by_id: a reference kept like the audit's.
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class Receipt(Entity):
    """The receiving side's confirmation of what arrived of the deliveries not yet settled."""

    __tablename__ = "receipts"
    __table_args__ = (
        CheckConstraint(
            "quantity_received >= 0 AND quantity_missing >= 0", name="quantities_non_negative"
        ),
    )

    dispatch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dispatches.id"), index=True)
    quantity_received: Mapped[int] = mapped_column(Integer)
    quantity_missing: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    confirmed_at: Mapped[datetime]
    confirmed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
