"""An office's own time limits for help requests: how soon one must be triaged, and how
long one stays open before the requester is called down. Offices without their own keep
the deployment's defaults."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.helprequests.model import HotlineTimes
from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Role, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.registry.model import Office

MAX_TRIAGE_MINUTES = 7 * 24 * 60
MAX_CALL_DOWN_HOURS = 90 * 24


@dataclass(frozen=True, slots=True)
class SetHotlineTimes:
    office_id: uuid.UUID
    triage_minutes: int
    call_down_hours: int


async def set_hotline_times(
    session: AsyncSession, principal: Principal, command: SetHotlineTimes
) -> HotlineTimes:
    """The office's admin (or ADMIN) sets the office's limits, e.g. 30 minutes to triage
    during an incident, longer in quiet times."""
    principal.require(Scope.NEEDS)
    office = await session.get(Office, command.office_id)
    if office is None:
        raise DomainError.single("office_id", ErrorCode.NOT_FOUND, "No such office.")
    if not (
        principal.is_admin
        or (principal.role is Role.OFFICE_ADMIN and principal.office_id == office.id)
    ):
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only this office's admin.")
    errors = Errors()
    if not 0 < command.triage_minutes <= MAX_TRIAGE_MINUTES:
        errors.add("triage_minutes", ErrorCode.INVALID, f"From 1 to {MAX_TRIAGE_MINUTES}.")
    if not 0 < command.call_down_hours <= MAX_CALL_DOWN_HOURS:
        errors.add("call_down_hours", ErrorCode.INVALID, f"From 1 to {MAX_CALL_DOWN_HOURS}.")
    errors.raise_if_any()
    times = await session.scalar(
        select(HotlineTimes).where(HotlineTimes.office_id == office.id).with_for_update()
    )
    if times is None:
        times = HotlineTimes(office_id=office.id)
        session.add(times)
    times.triage_minutes = command.triage_minutes
    times.call_down_hours = command.call_down_hours
    await session.flush()
    audit.record(
        session,
        principal,
        "hotline_times.set",
        times,
        region_code=office.region_code,
        details={"triage": command.triage_minutes, "callDown": command.call_down_hours},
    )
    return times


async def own_times(session: AsyncSession) -> dict[uuid.UUID, tuple[timedelta, timedelta]]:
    """office id -> (triage within, call down after), for offices with their own."""
    rows = (await session.scalars(select(HotlineTimes))).all()
    return {
        r.office_id: (timedelta(minutes=r.triage_minutes), timedelta(hours=r.call_down_hours))
        for r in rows
    }
