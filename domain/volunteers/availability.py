"""When a volunteer can serve: weekly slots in their time zone, and date ranges.

The person is available at any moment inside one of their weekly slots or one of their
ranges. Never said (null) means the offer's own window is the only limit. The matching
engine asks `overlaps(start, end)`: whether some available moment lies in a window.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.kernel.errors import ErrorCode, Errors

DEFAULT_TIME_ZONE = "Asia/Shanghai"
MAX_WEEKLY = 21  # three slots a day
MAX_RANGES = 20
MAX_RANGE = timedelta(days=366)
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Weekday(enum.Enum):
    MONDAY = "MONDAY"
    TUESDAY = "TUESDAY"
    WEDNESDAY = "WEDNESDAY"
    THURSDAY = "THURSDAY"
    FRIDAY = "FRIDAY"
    SATURDAY = "SATURDAY"
    SUNDAY = "SUNDAY"


_DAYS = list(Weekday)


@dataclass(frozen=True, slots=True)
class WeeklySlot:
    weekday: Weekday
    start: str  # "HH:MM", local time
    until: str


@dataclass(frozen=True, slots=True)
class DateRange:
    start: datetime
    until: datetime


@dataclass(frozen=True, slots=True)
class Availability:
    time_zone: str = DEFAULT_TIME_ZONE
    weekly: tuple[WeeklySlot, ...] = ()
    ranges: tuple[DateRange, ...] = ()

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Some moment of [start, end] lies in a weekly slot or a range."""
        if any(r.start <= end and start <= r.until for r in self.ranges):
            return True
        if not self.weekly:
            return False
        zone = ZoneInfo(self.time_zone)
        first = start.astimezone(zone).date() - timedelta(days=1)
        last = end.astimezone(zone).date()
        # A window of a week or more holds every weekday once at least.
        days = min((last - first).days, 8)
        for offset in range(days + 1):
            day = first + timedelta(days=offset)
            for slot in self.weekly:
                if _DAYS.index(slot.weekday) != day.weekday():
                    continue
                opens = datetime.combine(day, time.fromisoformat(slot.start), zone)
                closes = datetime.combine(day, time.fromisoformat(slot.until), zone)
                if opens <= end and start <= closes:
                    return True
        return False

    def to_json(self) -> dict[str, Any]:
        return {
            "time_zone": self.time_zone,
            "weekly": [
                {"weekday": s.weekday.value, "from": s.start, "until": s.until} for s in self.weekly
            ],
            "ranges": [
                {"from": r.start.isoformat(), "until": r.until.isoformat()} for r in self.ranges
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Availability | None:
        if data is None:
            return None
        return cls(
            time_zone=data.get("time_zone") or DEFAULT_TIME_ZONE,
            weekly=tuple(
                WeeklySlot(Weekday(s["weekday"]), s["from"], s["until"])
                for s in data.get("weekly", [])
            ),
            ranges=tuple(
                DateRange(datetime.fromisoformat(r["from"]), datetime.fromisoformat(r["until"]))
                for r in data.get("ranges", [])
            ),
        )


def checked(
    errors: Errors,
    weekly: list[WeeklySlot],
    ranges: list[DateRange],
    time_zone: str | None,
) -> Availability | None:
    """The availability as given, or errors naming each bad slot or range."""
    zone = time_zone or DEFAULT_TIME_ZONE
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors.add("time_zone", ErrorCode.INVALID, f"{zone!r} is not an IANA time zone.")
    if len(weekly) > MAX_WEEKLY:
        errors.add("weekly", ErrorCode.TOO_LONG, f"At most {MAX_WEEKLY} weekly slots.")
    if len(ranges) > MAX_RANGES:
        errors.add("ranges", ErrorCode.TOO_LONG, f"At most {MAX_RANGES} date ranges.")
    for k, slot in enumerate(weekly):
        path = ("weekly", str(k))
        if not (_CLOCK.match(slot.start or "") and _CLOCK.match(slot.until or "")):
            errors.add(path, ErrorCode.INVALID, "Times are HH:MM, 00:00 to 23:59.")
        elif slot.start >= slot.until:
            errors.add(path, ErrorCode.INVALID, "A slot ends after it starts, on the same day.")
    for k, span in enumerate(ranges):
        path = ("ranges", str(k))
        if span.start.tzinfo is None or span.until.tzinfo is None:
            errors.add(path, ErrorCode.INVALID, "Give times with their offset.")
        elif span.start >= span.until:
            errors.add(path, ErrorCode.INVALID, "A range ends after it starts.")
        elif span.until - span.start > MAX_RANGE:
            errors.add(path, ErrorCode.INVALID, "A range spans a year at most.")
    if errors.items:
        return None
    if not weekly and not ranges:
        return None
    ordered = sorted(weekly, key=lambda s: (_DAYS.index(s.weekday), s.start, s.until))
    return Availability(
        zone, tuple(dict.fromkeys(ordered)), tuple(sorted(set(ranges), key=lambda r: r.start))
    )
