"""`setAvailability`: the signed-in volunteer says when they can serve."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.errors import Errors
from domain.registry.model import Volunteer
from domain.volunteers import availability
from domain.volunteers.availability import DateRange, WeeklySlot
from domain.volunteers.profile import own_volunteer


@dataclass(frozen=True, slots=True)
class SetAvailability:
    weekly_slots: list[WeeklySlot] = field(default_factory=list)
    date_ranges: list[DateRange] = field(default_factory=list)
    time_zone: str | None = None


async def set_availability(
    session: AsyncSession, principal: Principal, command: SetAvailability
) -> Volunteer:
    """Replaces the whole availability; both lists empty clear it (the offer's window
    alone then limits when the person is proposed)."""
    volunteer = await own_volunteer(session, principal)
    errors = Errors()
    found = availability.checked(
        errors, command.weekly_slots, command.date_ranges, command.time_zone
    )
    errors.raise_if_any()
    volunteer.availability = found.to_json() if found else None
    audit.record(
        session,
        principal,
        "volunteer.availability_set",
        volunteer,
        region_code=volunteer.region_code,
        details={"weekly": len(command.weekly_slots), "ranges": len(command.date_ranges)},
    )
    return volunteer


def of(volunteer: Volunteer) -> availability.Availability | None:
    return availability.Availability.from_json(volunteer.availability)
