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
    started_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    description: Mapped[str | None] = mapped_column(Text)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
