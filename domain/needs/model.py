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
    case,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from domain.kernel.db.base import Entity, changes_index, enum_column
from domain.kernel.db.constraints import QUANTITIES_MOVED, REFUSAL, protects
from domain.kernel.db.versions import Versioned
from domain.kernel.enums import (
    NeedStatus,
)
from domain.kernel.errors import ErrorCode
from domain.matching.model import Urgency


class Need(Versioned, Entity):
    __tablename__ = "needs"
    # The database is the backstop: no code path may over-allocate or over-deliver.
    __table_args__ = (
        changes_index("needs"),
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
        # Confirmed and awaiting-receipt units were delivered on accepted allocations.
        CheckConstraint("quantity_awaiting_receipt >= 0", name="awaiting_receipt_non_negative"),
        CheckConstraint(
            "quantity_delivered + quantity_awaiting_receipt <= quantity_allocated",
            name="deliveries_within_allocation",
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
    # Counters, each the sum over the need's allocations and dispatches (see `shortfall`):
    # allocated: units of accepted allocations still held for the need (what a short
    # completion or a receipt's missing units hand back is no longer held); delivered:
    # units whose receipt the receiving side confirmed; awaiting receipt: units the
    # providers say they delivered that nobody has confirmed or reported missing yet.
    quantity_delivered: Mapped[int] = mapped_column(Integer, default=0)
    quantity_awaiting_receipt: Mapped[int] = mapped_column(Integer, default=0)
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

    @property
    def quantity_in_flight(self) -> int:
        """Units accepted and on their way: held, and not yet delivered by the provider."""
        return self.quantity_allocated - self.quantity_delivered - self.quantity_awaiting_receipt

    @hybrid_property
    def shortfall(self) -> int:
        """The one definition of a need's gap, in its category's unit:
        quantity − confirmed delivered − in flight. Proposed units and units delivered
        but not yet confirmed are still short. A CANCELLED need asks for nothing any
        more: its shortfall is 0; an EXPIRED one keeps what it never got, so closing an
        incident does not erase its gaps. The expression below says the same in SQL."""
        if self.status is NeedStatus.CANCELLED:
            return 0
        return self.quantity - self.quantity_delivered - self.quantity_in_flight

    @shortfall.inplace.expression
    @classmethod
    def _shortfall_expression(cls) -> ColumnElement[int]:
        # quantity − delivered − (allocated − delivered − awaiting), simplified.
        return case(
            (cls.status == NeedStatus.CANCELLED, 0),
            else_=cls.quantity - cls.quantity_allocated + cls.quantity_awaiting_receipt,
        )
