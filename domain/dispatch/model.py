"""The dispatches table."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, enum_column
from domain.kernel.db.constraints import REFUSAL, protects
from domain.kernel.enums import (
    DispatchStatus,
)
from domain.kernel.errors import ErrorCode


class Dispatch(Entity):
    __tablename__ = "dispatches"
    __table_args__ = (CheckConstraint("delivered_quantity >= 0", name="delivered_non_negative"),)

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
    issued_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    # Escalation marks, set once each so the periodic job never nags twice.
    reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    # The same for a dispatch still undelivered at its deadline: provider, then office.
    late_reminded_at: Mapped[datetime | None]
    late_escalated_at: Mapped[datetime | None]
