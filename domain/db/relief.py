"""Tables of relief work: incidents, needs, offers, rounds, allocations, dispatches."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.db.base import Entity
from domain.db.registry import enum_column
from domain.enums import (
    AllocationSource,
    AllocationStatus,
    DispatchStatus,
    Hazard,
    IncidentPhase,
    NeedStatus,
    OfferStatus,
    ResponseLevel,
    RoundStatus,
    RoundTrigger,
)
from domain.matching.model import Urgency


class Incident(Entity):
    __tablename__ = "incidents"

    name: Mapped[str] = mapped_column(String(200))
    hazard: Mapped[Hazard] = mapped_column(enum_column(Hazard))
    response_level: Mapped[ResponseLevel] = mapped_column(enum_column(ResponseLevel))
    phase: Mapped[IncidentPhase] = mapped_column(enum_column(IncidentPhase), index=True)
    region_codes: Mapped[list[str]] = mapped_column(JSON)
    started_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    description: Mapped[str | None] = mapped_column(Text)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)


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
            "quantity_allocated + quantity_proposed <= quantity", name="never_over_allocated"
        ),
        CheckConstraint("quantity_delivered <= quantity", name="never_over_delivered"),
        # A partner's id names one need of one incident as published by one office; NULLs
        # (needs not synced from a partner) never collide.
        UniqueConstraint("incident_id", "office_id", "external_id", name="uq_needs_external_id"),
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


class Offer(Entity):
    __tablename__ = "offers"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "quantity_committed >= 0 AND quantity_proposed >= 0", name="counters_non_negative"
        ),
        CheckConstraint(
            "quantity_committed + quantity_proposed <= quantity", name="never_over_committed"
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


class Allocation(Entity):
    __tablename__ = "allocations"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

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


class Dispatch(Entity):
    __tablename__ = "dispatches"
    __table_args__ = (CheckConstraint("delivered_quantity >= 0", name="delivered_non_negative"),)

    allocation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("allocations.id"), unique=True
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


class OutboxEvent(Entity):
    """An event written with the change it reports; a relay hands it to the workers."""

    __tablename__ = "outbox_events"
    # The relay's due scan reads only the events still waiting (migration 0006).
    __table_args__ = (
        Index(
            "ix_outbox_events_due",
            "available_at",
            postgresql_where=text("relayed_at IS NULL"),
            sqlite_where=text("relayed_at IS NULL"),
        ),
    )

    topic: Mapped[str] = mapped_column(String(80), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Null until the relay has handed it on; indexed because the relay scans for it.
    relayed_at: Mapped[datetime | None] = mapped_column(index=True)
    # Set by the consumer when done: a relayed event still unconsumed long after was lost
    # by the broker (Redis without persistence, a failover) and is relayed again.
    consumed_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime] = mapped_column(index=True)
