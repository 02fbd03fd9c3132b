"""What patrol visits tell the incident's blind spots: a county where a visit was recorded
was looked at; a county with registered people left unvisited past their round's deadline
is a blind spot however many needs it has."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.visits.model import Visit, VisitStatus


async def regions_visited(session: AsyncSession, incident_id: uuid.UUID) -> set[str]:
    """Counties where someone went: a visit recorded, the person found or not."""
    rows = await session.scalars(
        select(Visit.region_code)
        .where(Visit.incident_id == incident_id, Visit.status != VisitStatus.PLANNED)
        .distinct()
    )
    return set(rows.all())


async def regions_overdue(
    session: AsyncSession, incident_id: uuid.UUID, now: datetime
) -> dict[str, datetime]:
    """County -> the earliest deadline its unvisited people have passed."""
    rows = await session.execute(
        select(Visit.region_code, func.min(Visit.due_at))
        .where(
            Visit.incident_id == incident_id,
            Visit.status == VisitStatus.PLANNED,
            Visit.due_at < now,
        )
        .group_by(Visit.region_code)
    )
    return {code: due for code, due in rows}
