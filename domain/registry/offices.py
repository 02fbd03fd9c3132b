"""Civil-affairs offices."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Scope
from domain.kernel.errors import Errors
from domain.registry.model import Office


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


def all_offices() -> Select[Office]:
    """Offices are public: citizens need to know whom to call."""
    return select(Office)
