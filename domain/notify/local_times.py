"""Times in messages, told in the recipient's time zone.

Events give times as datetimes (UTC); each recipient reads them in its own zone, the
account's `time_zone` when it has one, China's otherwise: a text saying "by 10:00 UTC"
makes a provider in Lu'an do arithmetic at the worst moment.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Asia/Shanghai"


def zone(name: str | None) -> ZoneInfo:
    """The named IANA zone, or the default when there is none or it is unknown."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo(DEFAULT_TIME_ZONE)


def told(moment: datetime, where: ZoneInfo) -> str:
    """`2020-07-21 18:00 UTC+08:00`: the wall clock there, and its offset to be sure."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    local = aware.astimezone(where)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"


def localized(parameters: dict[str, Any], time_zone: str | None) -> dict[str, Any]:
    """The parameters with every datetime told in the zone (JSON-ready, per recipient)."""
    where = zone(time_zone)
    return {
        key: told(value, where) if isinstance(value, datetime) else value
        for key, value in parameters.items()
    }
