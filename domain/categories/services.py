"""The category taxonomy: data, extended by ADMIN."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
GROUPS = ("RELIEF_SUPPLIES", "SERVICES", "RESCUE", "RESETTLEMENT", "REBUILDING")


@dataclass(frozen=True, slots=True, kw_only=True)
class AddCategory:
    code: str
    group: str
    unit: str
    name_en: str
    name_zh: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RenameCategory:
    """New names; None leaves one as it is. The unit never changes: every quantity
    already recorded in the category is counted in it."""

    code: str
    name_en: str | None = None
    name_zh: str | None = None


@dataclass(frozen=True, slots=True)
class RetireCategory:
    code: str


async def by_code(session: AsyncSession, code: str) -> Category | None:
    """A category new needs, offers and help requests may take: not retired."""
    return await session.scalar(
        select(Category).where(Category.code == code, Category.retired_at.is_(None))
    )


async def _any(session: AsyncSession, code: str) -> Category | None:
    return await session.scalar(select(Category).where(Category.code == code))


async def _for_admin(session: AsyncSession, principal: Principal, code: str) -> Category:
    principal.require(Scope.REGISTRY)
    principal.require_admin("Only ADMIN keeps the taxonomy.")
    category = await _any(session, code or "")
    if category is None:
        raise DomainError.single("code", ErrorCode.NOT_FOUND, "No such category.")
    return category


async def add_category(
    session: AsyncSession, principal: Principal, command: AddCategory
) -> Category:
    """ADMIN extends the taxonomy; codes are SCREAMING_CASE and unique."""
    principal.require(Scope.REGISTRY)
    principal.require_admin("Only ADMIN extends the taxonomy.")
    errors = Errors()
    if not CODE.match(command.code or ""):
        errors.add("code", ErrorCode.INVALID, "Use SCREAMING_CASE letters, digits and _.")
    elif await _any(session, command.code):
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


async def rename_category(
    session: AsyncSession, principal: Principal, command: RenameCategory
) -> Category:
    """ADMIN renames a category in either language; needs and offers read the new name."""
    category = await _for_admin(session, principal, command.code)
    errors = Errors()
    clean_en = validation.text(errors, "name_en", command.name_en, max_length=100, required=False)
    clean_zh = validation.text(errors, "name_zh", command.name_zh, max_length=100, required=False)
    errors.raise_if_any()
    before = {"nameEn": category.name_en, "nameZh": category.name_zh}
    category.name_en = clean_en or category.name_en
    category.name_zh = clean_zh or category.name_zh
    audit.record(
        session,
        principal,
        "category.renamed",
        category,
        region_code=None,
        details={"before": before, "nameEn": category.name_en, "nameZh": category.name_zh},
    )
    return category


async def retire_category(
    session: AsyncSession, principal: Principal, command: RetireCategory
) -> Category:
    """ADMIN retires a category: new needs, offers and help requests no longer take it;
    those that have it keep it, and are matched and delivered as before."""
    category = await _for_admin(session, principal, command.code)
    if category.retired_at is not None:
        raise DomainError.single("code", ErrorCode.INVALID_TRANSITION, "It is retired already.")
    category.retired_at = utcnow()
    audit.record(session, principal, "category.retired", category, region_code=None, details={})
    return category
