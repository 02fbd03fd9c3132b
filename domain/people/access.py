"""Who sees whom in the register: the office of jurisdiction and the assigned visitors.

Everyone else reads counts by category and region (`services.people_counts`)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from domain.kernel import audit, policy
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Scope
from domain.people.model import Person
from domain.visits.model import Visit


def assigned_to(principal: Principal) -> ColumnElement[bool]:
    """Visits the principal is to make: as an office's staff member, as a member of the
    visiting organization, or as the visiting volunteer."""
    conditions: list[ColumnElement[bool]] = []
    if principal.account_id is not None:
        conditions.append(Visit.visitor_account_id == principal.account_id)
    if principal.organization_id is not None:
        conditions.append(Visit.organization_id == principal.organization_id)
    if principal.volunteer_id is not None:
        conditions.append(Visit.volunteer_id == principal.volunteer_id)
    return or_(false(), *conditions)


def visible_people(principal: Principal) -> Select[Any]:
    """The persons the principal may identify; nobody without the PERSONAL_DATA scope."""
    stmt = select(Person)
    if not principal.has_scope(Scope.PERSONAL_DATA) or principal.is_anonymous:
        return stmt.where(false())
    visiting = Person.id.in_(select(Visit.person_id).where(assigned_to(principal)))
    return policy.visible(principal, stmt, region=Person.region_code, public=visiting)


def is_jurisdiction(principal: Principal, person: Person) -> bool:
    """The office of jurisdiction (or ADMIN): it may edit and read everything."""
    return principal.has_scope(Scope.PERSONAL_DATA) and principal.covers_region(person.region_code)


async def assigned_people(session: AsyncSession, principal: Principal) -> set[uuid.UUID]:
    """The persons the principal has a visit to make (or made) to."""
    if principal.is_anonymous:
        return set()
    rows = await session.scalars(select(Visit.person_id).where(assigned_to(principal)).distinct())
    return set(rows.all())


def may_call(principal: Principal, person: Person, assigned: set[uuid.UUID]) -> bool:
    """Phones in full: the office of jurisdiction, and the visitors assigned to the person
    (they must reach the person or the guardian)."""
    return is_jurisdiction(principal, person) or (
        principal.has_scope(Scope.PERSONAL_DATA) and person.id in assigned
    )


def record_reads(session: AsyncSession, principal: Principal, people: list[Person]) -> None:
    """Who looked at whom: one audit entry per person whose record was read, in the
    caller's unit of work.

    The register's list shows each person's name, masked ID number and phone, and
    address: it identifies them as a record does, so a page is audited as the records it
    shows (a page of ids, categories and regions identifies nobody and writes nothing).
    One entry per person rather than one per page naming them all: the question asked of
    the log is "who looked at this person", answered by the entries of the person's id
    (the log's object filter, indexed) on SQLite and PostgreSQL alike, where a page's
    list of ids would have to be searched inside each entry's details."""
    for person in people:
        audit.record(session, principal, "person.read", person, region_code=person.region_code)
