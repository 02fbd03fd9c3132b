"""Readers of one cell, each reporting what it cannot read on the row.

Every reader returns None for a blank cell (the caller decides whether it was required)
and for a cell it refused, after reporting it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.kernel import regions
from domain.kernel.errors import ErrorCode
from domain.kernel.spreadsheets.headers import Row, header_key, normalised

E = TypeVar("E", bound=enum.Enum)

try:
    SHANGHAI: tzinfo = ZoneInfo("Asia/Shanghai")
except ZoneInfoNotFoundError:  # a slim image without tzdata: China keeps +08:00 all year
    SHANGHAI = timezone(timedelta(hours=8), "CST")
# A bare date is a deadline: the end of that day.
END_OF_DAY = time(23, 59, 59)

_DATE = r"(?P<y>\d{4})\s*(?:年|[-/.])\s*(?P<mo>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})\s*[日号]?"
_TIME = (
    r"(?:\s*T?\s*(?P<half>上午|早上|凌晨|中午|下午|傍晚|晚上)?\s*"
    r"(?P<h>\d{1,2})\s*(?::|时|点)\s*(?:(?P<mi>\d{1,2})\s*(?::|分)?\s*"
    r"(?:(?P<s>\d{1,2}(?:\.\d+)?)\s*秒?)?)?)?"
)
_OFFSET = r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?"
_MOMENT = re.compile(_DATE + _TIME + _OFFSET, re.IGNORECASE)
_AFTERNOON = {"中午", "下午", "傍晚", "晚上"}
_EXAMPLE = "e.g. 2020-07-25, 2020/7/25 18:00, 2020年7月25日18时 or 2020-07-25T18:00+08:00"


def text(row: Row, name: str) -> str | None:
    value = row.value(name)
    return None if value is None else normalised(value)


def integer(row: Row, name: str) -> int | None:
    """A whole number; thousands separators ("1,200") are allowed."""
    value = row.value(name)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        digits = normalised(value).replace(",", "")
        if re.fullmatch(r"[+-]?\d+", digits):
            return int(digits)
    row.refuse(name, ErrorCode.INVALID, f"{value!s} is not a whole number.")
    return None


def number(row: Row, name: str) -> float | None:
    value = row.value(name)
    if value is None:
        return None
    try:
        return float(normalised(value) if isinstance(value, str) else value)
    except (TypeError, ValueError):
        row.refuse(name, ErrorCode.INVALID, f"{value!s} is not a number.")
        return None


def _offset(raw: str) -> tzinfo:
    if raw.upper() == "Z":
        return UTC
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_moment(value: str) -> datetime | None:
    """A date or time as people write it, or None; without an offset it is Shanghai's
    time, and a date alone is the end of that day."""
    match = _MOMENT.fullmatch(normalised(value))
    if match is None:
        return None
    hour = match["h"]
    try:
        day = date(int(match["y"]), int(match["mo"]), int(match["d"]))
        if hour is None:
            moment = datetime.combine(day, END_OF_DAY)
        else:
            clock = int(hour)
            if match["half"] in _AFTERNOON and clock < 12:
                clock += 12
            seconds = float(match["s"] or 0)
            moment = datetime.combine(
                day, time(clock, int(match["mi"] or 0), int(seconds), int(seconds % 1 * 1e6))
            )
    except ValueError:  # 2月30日, 25时
        return None
    return moment.replace(tzinfo=_offset(match["tz"]) if match["tz"] else SHANGHAI)


def moment(row: Row, name: str) -> datetime | None:
    """A date or time: a spreadsheet's own date cell, or text in the usual forms."""
    value = row.value(name)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    if isinstance(value, date):
        return datetime.combine(value, END_OF_DAY, SHANGHAI)
    found = parse_moment(str(value))
    if found is None:
        row.refuse(name, ErrorCode.INVALID, f"{value!s} is not a date or time; {_EXAMPLE}.")
    return found


def keyword(value: Any) -> str:
    """The key a choice or a name is compared by."""
    return header_key(value)


def choice(row: Row, name: str, kind: type[E], words: Mapping[str, E] | None = None) -> E | None:
    """A member of `kind`, by its value (any case) or by one of its `words` (紧急)."""
    value = row.value(name)
    if value is None:
        return None
    return _member(row, name, normalised(value), kind, words or {})


def _member(row: Row, name: str, raw: str, kind: type[E], words: Mapping[str, E]) -> E | None:
    key = keyword(raw)
    for member in kind:
        if keyword(member.value) == key:
            return member
    for word, member in words.items():
        if keyword(word) == key:
            return member
    allowed = ", ".join(member.value for member in kind)
    also = f" (or {'/'.join(words)})" if words else ""
    row.refuse(name, ErrorCode.INVALID, f"{raw} is not one of {allowed}{also}.")
    return None


def choices(
    row: Row, name: str, kind: type[E], words: Mapping[str, E] | None = None
) -> list[E] | None:
    """Members of `kind` separated by commas, semicolons, 、 or spaces."""
    value = row.value(name)
    if value is None:
        return None
    parts = [part for part in re.split(r"[,;、\s]+", normalised(value)) if part]
    found = [_member(row, name, part, kind, words or {}) for part in parts]
    return [member for member in found if member is not None]


def lookup(row: Row, name: str, known: Mapping[str, Collection[str]], what: str) -> str | None:
    """The one value that the cell's key names in `known` (key -> values), e.g. a
    category by its code or its Chinese name; several is ambiguous, none is left to the
    caller's own check (None is returned only for a blank or refused cell)."""
    value = row.value(name)
    if value is None:
        return None
    raw = normalised(value)
    found = sorted(known.get(keyword(raw), ()))
    if len(found) > 1:
        row.refuse(name, ErrorCode.INVALID, f"{raw} names {len(found)} {what}: {', '.join(found)}.")
        return None
    return found[0] if found else raw


def region(row: Row, name: str, within: Collection[str] = ()) -> str | None:
    """A region's six-digit code, from the code or the name (霍邱县, 六安市霍邱县).

    A name several regions share is read as the one inside `within` (the incident's
    regions) when exactly one is; otherwise it is ambiguous and refused, naming them.
    An unknown name or code is returned as written, for the caller's check to refuse.
    """
    value = row.value(name)
    if value is None:
        return None
    raw = "".join(normalised(value).split())
    if raw.isdigit():
        return raw
    found = regions.named(raw)
    if len(found) > 1 and within:
        inside = tuple(r for r in found if any(regions.covers(c, r.code) for c in within))
        found = inside or found
    if len(found) > 1:
        names = ", ".join(f"{regions.full_name(r.code)} ({r.code})" for r in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        row.refuse(
            name,
            ErrorCode.INVALID,
            f"{raw} names {len(found)} regions: {names}{more}; give the code or the "
            "name with its prefecture or province.",
        )
        return None
    return found[0].code if found else raw
