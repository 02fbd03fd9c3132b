"""Assignments: a volunteer's part in an accepted allocation, from plan to confirmed hours."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, enum_column
from domain.kernel.db.constraints import REFUSAL, protects
from domain.kernel.errors import ErrorCode


class AssignmentStatus(enum.Enum):
    PLANNED = "PLANNED"
    CHECKED_IN = "CHECKED_IN"
    CHECKED_OUT = "CHECKED_OUT"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


# An assignment still holding the person's time: the overlap rule reads these.
HOLDING = (
    AssignmentStatus.PLANNED,
    AssignmentStatus.CHECKED_IN,
    AssignmentStatus.CHECKED_OUT,
    AssignmentStatus.CONFIRMED,
)
# Not cancelled and not yet finished (hours confirmed): matching keeps the person's time
# for these.
ENGAGED = (
    AssignmentStatus.PLANNED,
    AssignmentStatus.CHECKED_IN,
    AssignmentStatus.CHECKED_OUT,
)
# While the volunteer is out there, the incident's office may reach them; a cancellation
# reaches only these (hours checked out stay on record).
ACTIVE = (AssignmentStatus.PLANNED, AssignmentStatus.CHECKED_IN)


class Assignment(Entity):
    """One volunteer on one accepted allocation: from their own offer, or named by the
    organization that accepted it (`organization_id`)."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint(
            "volunteer_id",
            "allocation_id",
            name="uq_assignments_volunteer_allocation",
            info={
                REFUSAL: protects(
                    "volunteer_ids", ErrorCode.DUPLICATE, "Already assigned to this allocation."
                )
            },
        ),
        CheckConstraint(
            "minutes_confirmed IS NULL OR minutes_confirmed >= 0",
            name="minutes_confirmed",
        ),
        CheckConstraint("ends_at > starts_at", name="window"),
    )

    volunteer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("volunteers.id"), index=True)
    allocation_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("allocations.id"), index=True)
    need_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("needs.id"), index=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("incidents.id"), index=True)
    # The organization the volunteer serves with: the one that deployed them, or for a
    # volunteer's own offer the organization they are an approved member of (else null).
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organizations.id"), index=True
    )
    # The need's office and region: who may confirm, and whose jurisdiction it lies in.
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[AssignmentStatus] = mapped_column(enum_column(AssignmentStatus), index=True)
    checked_in_at: Mapped[datetime | None]
    checked_out_at: Mapped[datetime | None]
    check_in_latitude: Mapped[float | None] = mapped_column(Float)
    check_in_longitude: Mapped[float | None] = mapped_column(Float)
    check_out_latitude: Mapped[float | None] = mapped_column(Float)
    check_out_longitude: Mapped[float | None] = mapped_column(Float)
    # Served as the check-in and check-out say; then as the organization or office confirms.
    minutes: Mapped[int | None] = mapped_column(Integer)
    minutes_confirmed: Mapped[int | None] = mapped_column(Integer)
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("accounts.id"))
