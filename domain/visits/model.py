"""Visit rounds, visits and what their findings became."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, enum_column
from domain.kernel.db.constraints import REFUSAL, protects
from domain.kernel.errors import ErrorCode


class VisitStatus(enum.Enum):
    PLANNED = "PLANNED"
    VISITED = "VISITED"
    NOT_FOUND = "NOT_FOUND"


class CheckItem(enum.Enum):
    LIVING = "LIVING"  # 生活保障
    HOUSING = "HOUSING"  # 住房安全
    DRINKING_WATER = "DRINKING_WATER"  # 饮水安全
    ELECTRICITY = "ELECTRICITY"  # 用电安全
    HEALTH = "HEALTH"


class CheckStatus(enum.Enum):
    OK = "OK"
    AT_RISK = "AT_RISK"
    NOT_OK = "NOT_OK"


class ReferralKind(enum.Enum):
    NEED = "NEED"  # a need published for the person's region
    DEPARTMENT = "DEPARTMENT"  # handed to a department (低保, 特困, 临时救助 assessment...)


class VisitRound(Entity):
    """Every registered person in an incident's regions, to be visited by `due_at`."""

    __tablename__ = "visit_rounds"

    incident_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("incidents.id"), index=True)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    # The office's jurisdiction within the incident's regions: what this round covers.
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    due_at: Mapped[datetime]
    planned: Mapped[int] = mapped_column(Integer)


class Visit(Entity):
    __tablename__ = "visits"
    __table_args__ = (
        UniqueConstraint("round_id", "person_id", name="uq_visits_round_person"),
        UniqueConstraint(
            "client_id",
            name="uq_visits_client_id",
            info={REFUSAL: protects("client_id", ErrorCode.DUPLICATE, "Already recorded.")},
        ),
    )

    round_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("visit_rounds.id"), index=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("incidents.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    priority: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime]
    status: Mapped[VisitStatus] = mapped_column(enum_column(VisitStatus), index=True)
    # Who visits: one of an office's staff (an account), an organization, or a volunteer;
    # from an accepted CARE_VISITS allocation when one serves the region.
    visitor_account_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("accounts.id"), index=True
    )
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organizations.id"), index=True
    )
    volunteer_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("volunteers.id"), index=True
    )
    allocation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("allocations.id"))
    # The phone's key for one submission: a retried recordVisit finds it and writes nothing.
    client_id: Mapped[str | None] = mapped_column(String(80))
    visited_at: Mapped[datetime | None]
    not_found_reason: Mapped[str | None] = mapped_column(Text)
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    actions: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class FindingReferral(Entity):
    """A finding of a visit turned into help: a need, or a referral to a department. The
    visit, the person and the need stay linked through it."""

    __tablename__ = "finding_referrals"
    __table_args__ = (
        UniqueConstraint(
            "visit_id",
            "item",
            name="uq_finding_referrals_visit_item",
            info={REFUSAL: protects("item", ErrorCode.DUPLICATE, "This finding was referred.")},
        ),
    )

    visit_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("visits.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id"), index=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("incidents.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    item: Mapped[CheckItem] = mapped_column(enum_column(CheckItem))
    kind: Mapped[ReferralKind] = mapped_column(enum_column(ReferralKind))
    need_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("needs.id"), index=True)
    department: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    # A department's referral closes with its answer; a need's, when the need is met.
    closed_at: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(Text)
    closed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
