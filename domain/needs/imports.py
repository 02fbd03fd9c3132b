"""Spreadsheet import: one need per row, all rows or none, every bad row reported."""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.services import get_managed, require_office_role
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import IncidentPhase, Scope, Skill, SpecialGroup
from domain.kernel.errors import DomainError, ErrorCode, Errors, UserError
from domain.matching.model import Urgency
from domain.needs import services as needs
from domain.needs.model import Need

MAX_ROWS = 2000
# Spreadsheets carry no zone: a bare time is China Standard Time, a bare date its evening.
CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
END_OF_DAY = time(23, 59, 59)

# Normalised header -> the field name errors report (the PublishNeedInput spelling).
COLUMNS = {
    key.lower(): key
    for key in (
        "regionCode",
        "categoryCode",
        "quantity",
        "urgency",
        "neededBy",
        "description",
        "requiredSkills",
        "beneficiaryCount",
        "specialGroups",
        "latitude",
        "longitude",
    )
}
E = TypeVar("E", bound=enum.Enum)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportNeeds:
    """A sheet's rows, each a mapping of header to cell; `first_row` is the sheet row of
    `rows[0]` (row 1 holds the headers)."""

    incident_id: uuid.UUID
    rows: Sequence[Mapping[str, Any]]
    first_row: int = 2


def _key(header: Any) -> str:
    return re.sub(r"[\s_\-]", "", str(header or "")).lower()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _integer(errors: Errors, name: str, value: Any) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        value = None
    elif isinstance(value, float) and value.is_integer():
        return int(value)
    elif isinstance(value, int):
        return value
    elif isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value.strip())
    errors.add(name, ErrorCode.INVALID, "A whole number.")
    return None


def _number(errors: Errors, name: str, value: Any) -> float | None:
    if _blank(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        errors.add(name, ErrorCode.INVALID, "A number.")
        return None


def _choice(errors: Errors, name: str, value: Any, kind: type[E]) -> E | None:
    if _blank(value):
        return None
    try:
        return kind(_text(value).upper())
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        errors.add(name, ErrorCode.INVALID, f"One of {allowed}.")
        return None


def _choices(errors: Errors, name: str, value: Any, kind: type[E]) -> list[E] | None:
    if _blank(value):
        return None
    found = [_choice(errors, name, part, kind) for part in re.split(r"[,;，；\s]+", _text(value))]
    return [member for member in found if member is not None]


def _moment(errors: Errors, name: str, value: Any) -> datetime | None:
    if _blank(value):
        return None
    if isinstance(value, str):
        try:
            text = value.strip()
            value = (date if len(text) == 10 else datetime).fromisoformat(text)
        except ValueError:
            errors.add(name, ErrorCode.INVALID, "A date or time, e.g. 2020-07-25T18:00+08:00.")
            return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=CHINA_STANDARD_TIME)
    if isinstance(value, date):
        return datetime.combine(value, END_OF_DAY, CHINA_STANDARD_TIME)
    errors.add(name, ErrorCode.INVALID, "A date or time.")
    return None


def parse_row(row: Mapping[str, Any]) -> tuple[needs.PublishNeed | None, list[UserError]]:
    """One row as a command (incident left blank), or the errors of its cells."""
    cells = {COLUMNS.get(_key(k), ""): v for k, v in row.items()}
    errors = Errors()
    for name in ("regionCode", "categoryCode"):
        if _blank(cells.get(name)):
            errors.add(name, ErrorCode.REQUIRED, "This field is required.")
    latitude = _number(errors, "latitude", cells.get("latitude"))
    longitude = _number(errors, "longitude", cells.get("longitude"))
    if (latitude is None) != (longitude is None):
        errors.add("latitude", ErrorCode.REQUIRED, "Give latitude and longitude together.")
    fields = needs.NeedFields(
        quantity=_integer(errors, "quantity", cells.get("quantity")),
        urgency=_choice(errors, "urgency", cells.get("urgency"), Urgency),
        needed_by=_moment(errors, "neededBy", cells.get("neededBy")),
        description=None if _blank(cells.get("description")) else _text(cells["description"]),
        location=needs.Point(latitude, longitude)
        if latitude is not None and longitude is not None
        else None,
        required_skills=_choices(errors, "requiredSkills", cells.get("requiredSkills"), Skill),
        beneficiary_count=_integer(errors, "beneficiaryCount", cells.get("beneficiaryCount")),
        special_groups=_choices(errors, "specialGroups", cells.get("specialGroups"), SpecialGroup),
    )
    if errors.items:
        return None, errors.items
    command = needs.PublishNeed(
        incident_id=uuid.UUID(int=0),
        region_code=_text(cells["regionCode"]),
        category_code=_text(cells["categoryCode"]).upper(),
        fields=fields,
    )
    return command, []


def at_row(collection: str, number: int, error: UserError) -> UserError:
    """One row's error, named under its collection and row number."""
    return UserError((collection, str(number), *error.field), error.message, error.code)


async def import_needs(
    session: AsyncSession, principal: Principal, command: ImportNeeds
) -> list[Need]:
    """Publish one need per row in the caller's unit of work, or refuse them all.

    Errors name `["rows", "<row number>", "<field>"]`. Blank rows are skipped.
    """
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    incident = await get_managed(session, principal, command.incident_id)
    if incident.phase is IncidentPhase.CLOSED:
        raise DomainError.single("incident_id", ErrorCode.INVALID_TRANSITION, "It is CLOSED.")
    if len(command.rows) > MAX_ROWS:
        raise DomainError.single("rows", ErrorCode.TOO_LONG, f"At most {MAX_ROWS} rows.")
    found: list[UserError] = []
    published: list[Need] = []
    for number, row in enumerate(command.rows, start=command.first_row):
        if all(_blank(value) for value in row.values()):
            continue
        parsed, problems = parse_row(row)
        if parsed is not None:
            publish = needs.PublishNeed(
                incident_id=incident.id,
                region_code=parsed.region_code,
                category_code=parsed.category_code,
                fields=parsed.fields,
            )
            try:
                published.append((await needs.publish_need(session, principal, publish))[0])
            except DomainError as refusal:
                problems = refusal.errors
        found.extend(at_row("rows", number, problem) for problem in problems)
    if not published and not found:
        found.append(UserError(("rows",), "The file holds no needs.", ErrorCode.REQUIRED))
    if found:
        raise DomainError(found)
    return published
