"""The register's use cases: an office registers and edits the persons it looks after."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.services import require_office_role
from domain.kernel import audit, policy, regions, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.secrets_box import SecretBox
from domain.people import identity
from domain.people.model import Person

NAME_MAX, TEXT_MAX = 100, 2000


@dataclass(frozen=True, slots=True)
class PersonFields:
    """What an office writes about a person; None leaves a field as it is (on an update),
    '' clears an optional one."""

    category: str | None = None
    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class RegisterPerson:
    region_code: str
    fields: PersonFields


@dataclass(frozen=True, slots=True)
class UpdatePerson:
    person_id: uuid.UUID
    fields: PersonFields


@dataclass(frozen=True, slots=True)
class CategoryCount:
    category: str
    count: int


def check_region(errors: Errors, principal: Principal, field: str, code: str) -> None:
    """A county (a lowest-level region) inside the office's jurisdiction."""
    if not validation.region(errors, field, code):
        return
    if regions.children(code):
        errors.add(field, ErrorCode.INVALID, "Register a person in a county (区/县).")
    elif not principal.covers_region(code):
        errors.add(
            field, ErrorCode.OUT_OF_JURISDICTION, "This region is outside your jurisdiction."
        )


def columns(
    errors: Errors, given: PersonFields, *, box: SecretBox, creating: bool
) -> dict[str, Any]:
    """The columns the given fields set, checked, sealed and masked as stored."""

    values: dict[str, Any] = {}
    if creating or given.category is not None:
        values["category"] = identity.category(errors, "category", given.category)
    if creating or given.name is not None:
        values["name"] = _text(errors, "name", given.name, NAME_MAX, required=True)
    if creating or given.id_number is not None:
        number = identity.id_number(errors, "id_number", given.id_number)
        if number is not None:
            sealed = identity.seal_id_number(box, number)
            values |= {
                "id_number_encrypted": sealed.encrypted,
                "id_number_masked": sealed.masked,
                "id_number_fingerprint": box.fingerprint(number),
                "_id_number": number,
            }
    for name in ("phone", "guardian_phone"):
        raw = getattr(given, name)
        if raw is None:
            continue
        e164 = identity.optional_phone(errors, name, raw)
        phone = identity.seal_phone(box, e164) if e164 else None
        values[f"{name}_encrypted"] = phone.encrypted if phone else None
        values[f"{name}_masked"] = phone.masked if phone else None
    for name, limit in (("address", TEXT_MAX), ("guardian_name", NAME_MAX), ("notes", TEXT_MAX)):
        raw = getattr(given, name)
        if raw is not None:
            values[name] = _text(errors, name, raw, limit, required=False)
    return values


def _text(
    errors: Errors, field: str, value: str | None, limit: int, *, required: bool
) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            errors.add(field, ErrorCode.REQUIRED, "This field is required.")
        return None
    if len(cleaned) > limit:
        errors.add(field, ErrorCode.TOO_LONG, f"Use at most {limit} characters.")
        return None
    return cleaned


async def is_registered(
    session: AsyncSession, fingerprint: str, *, but: uuid.UUID | None = None
) -> bool:
    stmt = select(Person.id).where(Person.id_number_fingerprint == fingerprint)
    if but is not None:
        stmt = stmt.where(Person.id != but)
    return await session.scalar(stmt.limit(1)) is not None


def _apply(person: Person, values: dict[str, Any]) -> None:
    """Set the columns; keys starting with "_" are working values, never stored."""
    for name, value in values.items():
        if not name.startswith("_"):
            setattr(person, name, value)


async def register_person(
    session: AsyncSession, principal: Principal, command: RegisterPerson, *, box: SecretBox
) -> Person:
    """The office of jurisdiction registers a person of a special group. Audited."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    errors = Errors()
    check_region(errors, principal, "region_code", command.region_code)
    values = columns(errors, command.fields, box=box, creating=True)
    if not errors.items and await is_registered(session, values["id_number_fingerprint"]):
        errors.add("id_number", ErrorCode.DUPLICATE, "This person is already registered.")
    errors.raise_if_any()
    person = Person(region_code=command.region_code, office_id=principal.office_id, priority=0)
    _apply(person, values)
    person.priority = identity.priority(person.category, values["_id_number"], utcnow().date())
    await audit.created(
        session,
        principal,
        "person.registered",
        person,
        region_code=person.region_code,
        details={"category": person.category},
    )
    return person


async def get_managed_person(
    session: AsyncSession, principal: Principal, person_id: uuid.UUID
) -> Person:
    """The person, locked, if the principal's office is the person's office of jurisdiction.
    Anyone else is told the person does not exist: the register confirms nobody."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    person = await session.get(Person, person_id, with_for_update=True)
    if person is None or not principal.covers_region(person.region_code):
        raise DomainError.single("person_id", ErrorCode.NOT_FOUND, "No such person.")
    return person


async def update_person(
    session: AsyncSession, principal: Principal, command: UpdatePerson, *, box: SecretBox
) -> Person:
    """The office of jurisdiction edits one person; what is left out stays. Audited with
    the names of the fields changed, never their values."""
    person = await get_managed_person(session, principal, command.person_id)
    errors = Errors()
    values = columns(errors, command.fields, box=box, creating=False)
    fingerprint = values.get("id_number_fingerprint")
    if fingerprint and await is_registered(session, fingerprint, but=person.id):
        errors.add("id_number", ErrorCode.DUPLICATE, "This person is already registered.")
    errors.raise_if_any()
    _apply(person, values)
    if "_id_number" in values or "category" in values:
        number = values.get("_id_number") or box.decrypt(person.id_number_encrypted)
        person.priority = identity.priority(person.category, number, utcnow().date())
    changed = [f.name for f in fields(PersonFields) if getattr(command.fields, f.name) is not None]
    audit.record(
        session,
        principal,
        "person.updated",
        person,
        region_code=person.region_code,
        details={"fields": changed},
    )
    return person


async def people_counts(
    session: AsyncSession, principal: Principal, region_code: str
) -> list[CategoryCount]:
    """How many persons of each category the register holds in the region's subtree: no
    names, for anyone signed in."""
    principal.require_signed_in()
    stmt = (
        select(Person.category, func.count())
        .where(policy.in_subtree(Person.region_code, region_code))
        .group_by(Person.category)
        .order_by(Person.category)
    )
    return [CategoryCount(category, count) for category, count in (await session.execute(stmt))]
