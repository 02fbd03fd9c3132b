"""Civil-affairs offices."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.registry import links
from domain.registry.model import Account, Office


@dataclass(frozen=True, slots=True)
class CreateOffice:
    name: str
    region_code: str


async def create_office(
    session: AsyncSession, principal: Principal, command: CreateOffice
) -> Office:
    """ADMIN creates an office with one region as its jurisdiction."""
    principal.require(Scope.REGISTRY)
    principal.require_admin("Only ADMIN creates offices.")
    errors = Errors()
    clean_name = validation.text(errors, "name", command.name)
    region = validation.region(errors, "region_code", command.region_code)
    errors.raise_if_any()
    assert clean_name is not None and region is not None
    office = Office(name=clean_name, region_code=region.code)
    await audit.created(session, principal, "office.created", office, region_code=region.code)
    return office


@dataclass(frozen=True, slots=True)
class UpdateOffice:
    """What changes; None leaves it as it is."""

    office_id: uuid.UUID
    name: str | None = None
    region_code: str | None = None


@dataclass(frozen=True, slots=True)
class DeactivateOffice:
    office_id: uuid.UUID


async def _office_for_admin(
    session: AsyncSession, principal: Principal, office_id: uuid.UUID
) -> Office:
    principal.require(Scope.REGISTRY)
    principal.require_admin("Only ADMIN changes offices.")
    office = await session.get(Office, office_id, with_for_update=True)
    if office is None:
        raise DomainError.single("office_id", ErrorCode.NOT_FOUND, "No such office.")
    return office


async def update_office(
    session: AsyncSession, principal: Principal, command: UpdateOffice
) -> Office:
    """ADMIN renames an office or moves its jurisdiction. Its needs and incidents keep
    their regions: a narrower jurisdiction leaves those outside it to ADMIN and to the
    office above."""
    office = await _office_for_admin(session, principal, command.office_id)
    errors = Errors()
    name = validation.text(errors, "name", command.name, required=False)
    region = (
        validation.region(errors, "region_code", command.region_code)
        if command.region_code is not None
        else None
    )
    errors.raise_if_any()
    before = {"name": office.name, "regionCode": office.region_code}
    if name is not None:
        office.name = name
    if region is not None:
        office.region_code = region.code
    audit.record(
        session,
        principal,
        "office.updated",
        office,
        region_code=office.region_code,
        details={"before": before, "name": office.name, "regionCode": office.region_code},
    )
    return office


async def deactivate_office(
    session: AsyncSession, principal: Principal, command: DeactivateOffice
) -> Office:
    """ADMIN deactivates an office: none of its accounts signs in or acts from now on
    (their sessions and tokens are revoked). Its open work stays where it is: its needs
    stay published and matched, its incidents open; ADMIN and the office whose
    jurisdiction covers it take them over."""
    office = await _office_for_admin(session, principal, command.office_id)
    if office.deactivated_at is not None:
        raise DomainError.single(
            "office_id", ErrorCode.INVALID_TRANSITION, "This office is deactivated already."
        )
    office.deactivated_at = utcnow()
    staff = (await session.scalars(select(Account).where(Account.office_id == office.id))).all()
    for account in staff:
        await links.revoke_tokens(session, account)
        await links.cancel_links(session, account)
    audit.record(
        session,
        principal,
        "office.deactivated",
        office,
        region_code=office.region_code,
        details={"accounts": len(staff)},
    )
    return office


def all_offices() -> Select[Office]:
    """Offices are public: citizens need to know whom to call."""
    return select(Office)
