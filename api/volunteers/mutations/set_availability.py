"""The `setAvailability` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.volunteers.errors import VolunteerError
from api.volunteers.inputs import DateRangeInput, WeeklySlotInput
from api.volunteers.types import VolunteerType
from domain.volunteers import schedule
from domain.volunteers.availability import DateRange, WeeklySlot


@strawberry.input
class SetAvailabilityInput:
    weekly: list[WeeklySlotInput] = strawberry.field(default_factory=list)
    ranges: list[DateRangeInput] = strawberry.field(default_factory=list)
    time_zone: str | None = strawberry.field(
        default=None, description="IANA zone of the weekly slots; Asia/Shanghai unless given."
    )

    def weekly_slots(self) -> list[WeeklySlot]:
        return [s.to_domain() for s in self.weekly]

    def date_ranges(self) -> list[DateRange]:
        return [r.to_domain() for r in self.ranges]


@strawberry.type
class SetAvailabilityPayload:
    volunteer: VolunteerType | None
    user_errors: list[VolunteerError]


@strawberry.type
class SetAvailability:
    set_availability = mutation(
        SetAvailabilityInput,
        SetAvailabilityPayload,
        schedule.set_availability,
        description="The signed-in volunteer says when they can serve (replacing what they "
        "said before; both lists empty clear it).",
    )
