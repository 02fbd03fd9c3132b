"""Matching rounds and the allocations they propose, as rows."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, changes_index, enum_column
from domain.kernel.db.versions import Versioned
from domain.kernel.enums import (
    AllocationSource,
    AllocationStatus,
    RoundStatus,
    RoundTrigger,
)


class MatchingRound(Entity):
    __tablename__ = "matching_rounds"

    incident_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("incidents.id"), index=True)
    status: Mapped[RoundStatus] = mapped_column(enum_column(RoundStatus), index=True)
    trigger: Mapped[RoundTrigger] = mapped_column(enum_column(RoundTrigger))
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)


class Allocation(Versioned, Entity):
    __tablename__ = "allocations"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        changes_index("allocations"),
    )

    need_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("needs.id"), index=True)
    offer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offers.id"), index=True)
    round_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("matching_rounds.id"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[AllocationStatus] = mapped_column(enum_column(AllocationStatus), index=True)
    source: Mapped[AllocationSource] = mapped_column(enum_column(AllocationSource))
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    veto_reason: Mapped[str | None] = mapped_column(Text)
    # Set when the provider asks for a declined pair again: rounds may propose it anew.
    reconsidered_at: Mapped[datetime | None]
