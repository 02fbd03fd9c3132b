"""Spreadsheet import: one need per row, all rows or none, every bad row reported.

Files are read as offices keep them (`domain.kernel.spreadsheets`): Chinese or English
headers, region names or codes, category names, dates as people write them."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.incidents.services import get_managed, require_office_role
from domain.kernel import spreadsheets as sheets
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import IncidentPhase, Scope, Skill, SpecialGroup
from domain.kernel.errors import DomainError, ErrorCode, UserError
from domain.kernel.spreadsheets import Columns
from domain.kernel.spreadsheets.headers import is_blank
from domain.matching.model import Urgency
from domain.needs import services as needs
from domain.needs.model import Need

MAX_ROWS = 2000

# Each field (the PublishNeedInput spelling errors report) and the other headers offices
# give it, in English and Chinese. The region column takes a code or a name.
COLUMNS = Columns(
    {
        "regionCode": (
            "region",
            "地区",
            "区划代码",
            "行政区划代码",
            "行政区划",
            "地区代码",
            "区划",
        ),
        "categoryCode": ("category", "类别", "类别代码", "物资类别", "需求类别", "品类"),
        "quantity": ("数量", "需求数量"),
        "urgency": ("紧急程度", "紧急度", "优先级"),
        "neededBy": ("需要时间", "截止时间", "需求时间", "需要日期", "截止日期", "所需时间"),
        "description": ("描述", "说明", "需求描述", "备注"),
        "requiredSkills": ("所需技能", "技能要求", "技能"),
        "beneficiaryCount": ("受益人数", "受助人数", "惠及人数"),
        "specialGroups": ("特殊群体",),
        "latitude": ("纬度",),
        "longitude": ("经度",),
        "externalId": ("外部编号",),
    }
)
# How offices grade urgency in Chinese: 紧急 is the top of four grades, as in the portal.
URGENCY_WORDS = {
    "紧急": Urgency.CRITICAL,
    "特急": Urgency.CRITICAL,
    "非常紧急": Urgency.CRITICAL,
    "高": Urgency.HIGH,
    "中": Urgency.MEDIUM,
    "一般": Urgency.MEDIUM,
    "低": Urgency.LOW,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportNeeds:
    """A sheet's rows, each a mapping of header to cell; `first_row` is the sheet row of
    `rows[0]` (row 1 holds the headers)."""

    incident_id: uuid.UUID
    rows: Sequence[Mapping[str, Any]]
    first_row: int = 2


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What the cells of one import are read against: categories by code and by name
    (Chinese and English), and the incident's regions, which settle a region name that
    several regions share."""

    categories: Mapping[str, frozenset[str]] = field(default_factory=dict)
    within: tuple[str, ...] = ()


async def vocabulary(session: AsyncSession, within: Sequence[str] = ()) -> Vocabulary:
    known: dict[str, set[str]] = {}
    for code, zh, en in (
        await session.execute(select(Category.code, Category.name_zh, Category.name_en))
    ).all():
        for word in (code, zh, en):
            known.setdefault(sheets.keyword(word), set()).add(code)
    return Vocabulary({k: frozenset(v) for k, v in known.items()}, tuple(within))


def parse_row(
    raw: Mapping[str, Any], number: int = 2, words: Vocabulary | None = None
) -> tuple[needs.PublishNeed | None, list[UserError]]:
    """One row as a command (incident left blank), or the errors of its cells."""
    words = words or Vocabulary()
    row = COLUMNS.row(number, raw)
    for name in ("regionCode", "categoryCode"):
        if row.value(name) is None:
            row.refuse(name, ErrorCode.REQUIRED, "This field is required.")
    region_code = sheets.region(row, "regionCode", words.within)
    category = sheets.lookup(row, "categoryCode", words.categories, "categories")
    latitude = sheets.number(row, "latitude")
    longitude = sheets.number(row, "longitude")
    if (latitude is None) != (longitude is None):
        row.refuse("latitude", ErrorCode.REQUIRED, "Give latitude and longitude together.")
    fields = needs.NeedFields(
        quantity=sheets.integer(row, "quantity"),
        urgency=sheets.choice(row, "urgency", Urgency, URGENCY_WORDS),
        needed_by=sheets.moment(row, "neededBy"),
        description=sheets.text(row, "description"),
        location=needs.Point(latitude, longitude)
        if latitude is not None and longitude is not None
        else None,
        required_skills=sheets.choices(row, "requiredSkills", Skill),
        beneficiary_count=sheets.integer(row, "beneficiaryCount"),
        special_groups=sheets.choices(row, "specialGroups", SpecialGroup),
    )
    if row.errors.items or region_code is None or category is None:
        return None, row.errors.items
    command = needs.PublishNeed(
        incident_id=uuid.UUID(int=0),
        region_code=region_code,
        category_code=category.upper(),
        fields=fields,
        external_id=sheets.text(row, "externalId"),
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
    words = await vocabulary(session, incident.region_codes)
    found: list[UserError] = []
    published: list[Need] = []
    for number, row in enumerate(command.rows, start=command.first_row):
        if all(is_blank(value) for value in row.values()):
            continue
        parsed, problems = parse_row(row, number, words)
        if parsed is not None:
            publish = dataclasses.replace(parsed, incident_id=incident.id)
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
