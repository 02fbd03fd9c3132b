"""The help-request tables: a call for help (求助) and what was done about it."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, changes_index, enum_column
from domain.kernel.db.constraints import REFUSAL, protects
from domain.kernel.db.versions import Versioned
from domain.kernel.errors import ErrorCode
from domain.matching.model import Urgency


class HelpRequestStatus(enum.Enum):
    RECEIVED = "RECEIVED"
    TRIAGED = "TRIAGED"
    # At least one outcome recorded; closed once the requester has been called back.
    ACTIONED = "ACTIONED"
    CLOSED = "CLOSED"


class HelpRequestChannel(enum.Enum):
    HOTLINE = "HOTLINE"
    PUBLIC = "PUBLIC"
    PARTNER = "PARTNER"


class OutcomeKind(enum.Enum):
    NEED = "NEED"
    REFERRAL = "REFERRAL"
    ANSWERED = "ANSWERED"
    DUPLICATE = "DUPLICATE"


class Department(enum.Enum):
    """Where a request is referred: the assessments of social assistance and the rest."""

    MINIMUM_LIVING_ALLOWANCE = "MINIMUM_LIVING_ALLOWANCE"  # 低保
    EXTREME_POVERTY_SUPPORT = "EXTREME_POVERTY_SUPPORT"  # 特困供养
    TEMPORARY_ASSISTANCE = "TEMPORARY_ASSISTANCE"  # 临时救助
    HOUSING = "HOUSING"
    HEALTH = "HEALTH"
    EDUCATION = "EDUCATION"
    DISABILITY = "DISABILITY"
    OTHER = "OTHER"


class CallDownAnswer(enum.Enum):
    """What the requester said when asked "do you still need help?"."""

    STILL_NEEDED = "STILL_NEEDED"
    CHANGED = "CHANGED"
    NO_LONGER_NEEDED = "NO_LONGER_NEEDED"


OPEN_STATUSES = (HelpRequestStatus.RECEIVED, HelpRequestStatus.TRIAGED, HelpRequestStatus.ACTIONED)


class HelpRequest(Versioned, Entity):
    __tablename__ = "help_requests"
    __table_args__ = (
        CheckConstraint("people_count > 0", name="people_count_positive"),
        changes_index("help_requests"),
    )

    # Read out over the phone and typed on the progress page, with the phone given.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[HelpRequestStatus] = mapped_column(enum_column(HelpRequestStatus), index=True)
    channel: Mapped[HelpRequestChannel] = mapped_column(enum_column(HelpRequestChannel))
    requester_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    for_whom: Mapped[str | None] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    people_count: Mapped[int] = mapped_column(Integer, default=1)
    special_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    category_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    # Set by whoever submits it (a guess), then by triage (the office's judgement).
    urgency: Mapped[Urgency | None] = mapped_column(enum_column(Urgency), index=True)
    # The office of jurisdiction (the nearest office holding the region), which is alerted.
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    incident_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("incidents.id"), index=True
    )
    submitted_by_account_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("accounts.id"), index=True
    )
    # Who works it now; a claim not renewed by work lapses (domain/helprequests/claims.py).
    claimed_by_account_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("accounts.id"), index=True
    )
    claimed_at: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(index=True)
    first_response_at: Mapped[datetime | None]
    outcome_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    close_note: Mapped[str | None] = mapped_column(Text)
    triage_note: Mapped[str | None] = mapped_column(Text)
    # Marks of the periodic checks, each set once (domain/helprequests/deadlines.py).
    triage_alerted_at: Mapped[datetime | None] = mapped_column(index=True)
    triage_escalated_at: Mapped[datetime | None]
    call_down_due_at: Mapped[datetime | None] = mapped_column(index=True)
    last_call_down_at: Mapped[datetime | None]


class HelpRequestOutcome(Entity):
    """One thing done about a request: a need, a referral, an answer, a duplicate."""

    __tablename__ = "help_request_outcomes"

    help_request_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("help_requests.id"), index=True
    )
    kind: Mapped[OutcomeKind] = mapped_column(enum_column(OutcomeKind))
    need_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("needs.id"), index=True)
    department: Mapped[Department | None] = mapped_column(enum_column(Department))
    duplicate_of_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("help_requests.id"))
    note: Mapped[str | None] = mapped_column(Text)
    account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("accounts.id"))
    # A referral is open until the department answers (domain/helprequests/referrals.py).
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_account_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("accounts.id")
    )


class HotlineTimes(Entity):
    """An office's own time limits for the requests of its jurisdiction; without a row,
    the deployment's defaults (HELP_REQUEST_TRIAGE_MINUTES, HELP_REQUEST_CALL_DOWN_HOURS)."""

    __tablename__ = "hotline_times"
    __table_args__ = (
        CheckConstraint("triage_minutes > 0", name="triage_minutes_positive"),
        CheckConstraint("call_down_hours > 0", name="call_down_hours_positive"),
        UniqueConstraint(
            "office_id",
            name="uq_hotline_times_office_id",
            info={
                REFUSAL: protects(
                    "office_id", ErrorCode.DUPLICATE, "Set at the same moment; try again."
                )
            },
        ),
    )

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"))
    triage_minutes: Mapped[int] = mapped_column(Integer)
    call_down_hours: Mapped[int] = mapped_column(Integer)
