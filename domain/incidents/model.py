"""The incidents table."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, enum_column
from domain.kernel.enums import (
    Hazard,
    IncidentPhase,
    ResponseLevel,
)


class Incident(Entity):
    __tablename__ = "incidents"

    name: Mapped[str] = mapped_column(String(200))
    hazard: Mapped[Hazard] = mapped_column(enum_column(Hazard))
    response_level: Mapped[ResponseLevel] = mapped_column(enum_column(ResponseLevel))
    phase: Mapped[IncidentPhase] = mapped_column(enum_column(IncidentPhase), index=True)
    region_codes: Mapped[list[str]] = mapped_column(JSON)
    # Region code -> when an office added it (ISO time); the regions it started with have
    # none. A region's blind-spot clock starts at the later of the two.
    region_added_at: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    description: Mapped[str | None] = mapped_column(Text)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    # When the offices last heard of its blind spots: the daily alert is claimed by
    # moving this mark, so two workers never send the same day's alert twice.
    blind_spots_alerted_at: Mapped[datetime | None]


class RegionAssessment(Entity):
    """An office looked at a region of an incident and found nothing needed (yet): the
    region is no longer a blind spot. Kept, never edited: it is what the office answers for."""

    __tablename__ = "region_assessments"

    incident_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("incidents.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offices.id"))
    # Who assessed, as the audit log names actors: a bare id.
    account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    note: Mapped[str | None] = mapped_column(Text)
    assessed_at: Mapped[datetime]
