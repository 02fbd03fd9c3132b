"""The needs table."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, enum_column
from domain.kernel.db.constraints import QUANTITIES_MOVED, REFUSAL, protects
from domain.kernel.enums import (
    NeedStatus,
)
from domain.kernel.errors import ErrorCode
from domain.matching.model import Urgency


class Need(Entity):
    __tablename__ = "needs"
    # The database is the backstop: no code path may over-allocate or over-deliver.
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "quantity_allocated >= 0 AND quantity_proposed >= 0 AND quantity_delivered >= 0",
            name="counters_non_negative",
        ),
        CheckConstraint(
            "quantity_allocated + quantity_proposed <= quantity",
            name="never_over_allocated",
            info={REFUSAL: protects("quantity", ErrorCode.INSUFFICIENT_CAPACITY, QUANTITIES_MOVED)},
        ),
        CheckConstraint(
            "quantity_delivered <= quantity",
            name="never_over_delivered",
            info={REFUSAL: protects("quantity", ErrorCode.INSUFFICIENT_CAPACITY, QUANTITIES_MOVED)},
        ),
        # A partner's id names one need of one incident as published by one office; NULLs
        # (needs not synced from a partner) never collide.
        UniqueConstraint(
            "incident_id",
            "office_id",
            "external_id",
            name="uq_needs_external_id",
            info={
                REFUSAL: protects(
                    "external_id", ErrorCode.DUPLICATE, "This external id was just synced."
                )
            },
        ),
    )

    incident_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("incidents.id"), index=True)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    category_code: Mapped[str] = mapped_column(String(40), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    quantity_allocated: Mapped[int] = mapped_column(Integer, default=0)
    quantity_proposed: Mapped[int] = mapped_column(Integer, default=0)
    quantity_delivered: Mapped[int] = mapped_column(Integer, default=0)
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency), index=True)
    needed_by: Mapped[datetime]
    description: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    required_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    beneficiary_count: Mapped[int | None] = mapped_column(Integer)
    special_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[NeedStatus] = mapped_column(enum_column(NeedStatus), index=True)
    external_id: Mapped[str | None] = mapped_column(String(100), index=True)
    # Why the last matching round left the need short: data the engine wrote
    # (domain/matching/shortfall.py), told in the reader's language when read.
    shortfall_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    shortfall_reasons_at: Mapped[datetime | None]
    # Handed up a level: the office above is told and sees it among its escalated needs.
    escalated_at: Mapped[datetime | None] = mapped_column(index=True)
    escalated_to_office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offices.id"))
