"""The signed-in account's own settings: language, time zone, name, and the phone it is
told by SMS at."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Locale
from domain.kernel.errors import ErrorCode, Errors
from domain.registry.model import Account


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateProfile:
    """What the account changes; None leaves it as it is."""

    locale: Locale | None = None
    display_name: str | None = None
    time_zone: str | None = None  # an IANA name; "" goes back to the default
    phone: str | None = None  # "" removes it


async def update_profile(
    session: AsyncSession, principal: Principal, command: UpdateProfile
) -> Account:
    """The signed-in account changes its language or time zone (messages follow both),
    its name, or the phone it is told by SMS at."""
    principal.require_signed_in()
    account = await session.get(Account, principal.account_id)
    assert account is not None
    errors = Errors()
    name = validation.text(
        errors, "display_name", command.display_name, max_length=100, required=False
    )
    zone = command.time_zone.strip() if command.time_zone is not None else None
    if zone and not _known_zone(zone):
        errors.add("time_zone", ErrorCode.INVALID, "An IANA time zone, e.g. Asia/Shanghai.")
    phone = command.phone.strip() if command.phone is not None else None
    if phone:
        phone = validation.phone(errors, "phone", phone)
    errors.raise_if_any()
    if phone is not None:
        account.phone = phone or None
    if command.locale is not None:
        account.locale = command.locale
    if zone is not None:
        account.time_zone = zone or None
    if name is not None:
        account.display_name = name
    audit.record(
        session,
        principal,
        "account.updated",
        account,
        region_code=None,
        # Whether a phone is given, never the number: the log is read by more people.
        details={
            "locale": account.locale.value,
            "timeZone": account.time_zone,
            "phone": account.phone is not None,
        },
    )
    return account


def _known_zone(name: str) -> bool:
    """An IANA zone this machine's tz database has (not a path, not a bare offset)."""
    if len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
