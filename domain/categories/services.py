"""The category taxonomy: data, extended by ADMIN."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Scope
from domain.kernel.errors import ErrorCode, Errors

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
GROUPS = ("RELIEF_SUPPLIES", "SERVICES", "RESCUE", "RESETTLEMENT", "REBUILDING")


@dataclass(frozen=True, slots=True, kw_only=True)
class AddCategory:
    code: str
    group: str
    unit: str
    name_en: str
    name_zh: str


async def by_code(session: AsyncSession, code: str) -> Category | None:
    return await session.scalar(select(Category).where(Category.code == code))


async def add_category(
    session: AsyncSession, principal: Principal, command: AddCategory
) -> Category:
    """ADMIN extends the taxonomy; codes are SCREAMING_CASE and unique."""
    principal.require(Scope.REGISTRY)
    principal.require_admin("Only ADMIN extends the taxonomy.")
    errors = Errors()
    if not CODE.match(command.code or ""):
        errors.add("code", ErrorCode.INVALID, "Use SCREAMING_CASE letters, digits and _.")
    elif await by_code(session, command.code):
        errors.add("code", ErrorCode.DUPLICATE, "This category exists.")
    if command.group not in GROUPS:
        errors.add("group", ErrorCode.INVALID, f"One of {', '.join(GROUPS)}.")
    clean_unit = validation.text(errors, "unit", command.unit, max_length=40)
    clean_en = validation.text(errors, "name_en", command.name_en, max_length=100)
    clean_zh = validation.text(errors, "name_zh", command.name_zh, max_length=100)
    errors.raise_if_any()
    assert clean_unit and clean_en and clean_zh
    category = Category(
        code=command.code, group=command.group, unit=clean_unit, name_en=clean_en, name_zh=clean_zh
    )
    await audit.created(
        session,
        principal,
        "category.added",
        category,
        region_code=None,
        details={"code": command.code},
    )
    return category
