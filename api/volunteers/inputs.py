"""Inputs the volunteer mutations share: certificates, availability slots and ranges."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.registry.types import SkillEnum
from api.volunteers.types import WeekdayEnum
from domain.volunteers import availability
from domain.volunteers.profile import Point, SkillCertificate


@strawberry.input(description="A certificate held for one of the person's skills.")
class SkillCertificateInput:
    skill: SkillEnum  # type: ignore[valid-type]
    certificate: str

    def to_domain(self) -> SkillCertificate:
        return SkillCertificate(self.skill, self.certificate)


@strawberry.input(description="Every week on this day, from and until: HH:MM, from < until.")
class WeeklySlotInput:
    weekday: WeekdayEnum  # type: ignore[valid-type]
    from_: str = strawberry.field(name="from")
    until: str

    def to_domain(self) -> availability.WeeklySlot:
        return availability.WeeklySlot(self.weekday, self.from_, self.until)


@strawberry.input(description="From one moment to another, with their offsets.")
class DateRangeInput:
    from_: datetime = strawberry.field(name="from")
    until: datetime

    def to_domain(self) -> availability.DateRange:
        return availability.DateRange(self.from_, self.until)


@strawberry.input(description="Where the person lives, as a WGS84 point.")
class HomeLocationInput:
    latitude: float
    longitude: float

    def to_point(self) -> Point:
        return Point(self.latitude, self.longitude)


def certificates(given: list[SkillCertificateInput] | None) -> list[SkillCertificate] | None:
    return None if given is None else [c.to_domain() for c in given]
