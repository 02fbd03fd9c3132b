"""The offers table."""

from __future__ import annotations

import uuid
from datetime import datetime

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

from domain.kernel.db.base import Entity, changes_index, enum_column
from domain.kernel.db.constraints import QUANTITIES_MOVED, REFUSAL, protects
from domain.kernel.db.versions import Versioned
from domain.kernel.enums import (
    OfferStatus,
)
from domain.kernel.errors import ErrorCode

SYNCED_JUST_NOW = "This external id was just synced."


class Offer(Versioned, Entity):
    __tablename__ = "offers"
    __table_args__ = (
        changes_index("offers"),
        # A provider's own id names one of its offers; NULLs (offers posted by hand)
        # never collide.
        UniqueConstraint(
            "organization_id",
            "external_id",
            name="uq_offers_organization_external_id",
            info={REFUSAL: protects("external_id", ErrorCode.DUPLICATE, SYNCED_JUST_NOW)},
        ),
        UniqueConstraint(
            "volunteer_id",
            "external_id",
            name="uq_offers_volunteer_external_id",
            info={REFUSAL: protects("external_id", ErrorCode.DUPLICATE, SYNCED_JUST_NOW)},
        ),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "quantity_committed >= 0 AND quantity_proposed >= 0", name="counters_non_negative"
        ),
        CheckConstraint(
            "quantity_committed + quantity_proposed <= quantity",
            name="never_over_committed",
            info={REFUSAL: protects("quantity", ErrorCode.INSUFFICIENT_CAPACITY, QUANTITIES_MOVED)},
        ),
        CheckConstraint(
            "organization_id IS NOT NULL OR volunteer_id IS NOT NULL", name="has_provider"
        ),
    )

    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organizations.id"), index=True
    )
    volunteer_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("volunteers.id"), index=True
    )
    category_code: Mapped[str] = mapped_column(String(40), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    quantity_committed: Mapped[int] = mapped_column(Integer, default=0)
    quantity_proposed: Mapped[int] = mapped_column(Integer, default=0)
    available_from: Mapped[datetime]
    available_until: Mapped[datetime]
    service_region_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    base_latitude: Mapped[float | None] = mapped_column(Float)
    base_longitude: Mapped[float | None] = mapped_column(Float)
    max_travel_km: Mapped[float | None] = mapped_column(Float)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OfferStatus] = mapped_column(enum_column(OfferStatus), index=True)
    external_id: Mapped[str | None] = mapped_column(String(100))
