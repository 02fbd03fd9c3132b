"""The register's lists: persons for those who may identify them, counts for everyone."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy import or_
from sqlalchemy.sql.elements import ColumnElement

from api.kernel.connections import connection_field, equals, in_region, narrows
from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.nodes import register
from api.people.types import PersonType
from domain.kernel.errors import DomainError, ErrorCode
from domain.people import services as people
from domain.people.access import visible_people
from domain.people.model import Person


@strawberry.input
class PersonFilter:
    region_code: str | None = narrows(in_region(Person.region_code), description="The subtree.")
    category: str | None = narrows(equals(Person.category))
    not_visited_since: datetime | None = narrows(
        lambda since: _not_visited_since(since),
        description="Persons never visited, or last visited before this time (with a zone).",
    )


def _not_visited_since(since: datetime) -> ColumnElement[bool]:
    if since.tzinfo is None:
        raise DomainError.single("not_visited_since", ErrorCode.INVALID, "Give a time zone.")
    return or_(Person.last_visited_at.is_(None), Person.last_visited_at < since)


@strawberry.type(description="How many persons of one category the register holds.")
class PersonCount:
    category: str
    count: int


@strawberry.type
class PeopleQueries:
    people = connection_field(
        PersonType,
        scope=visible_people,
        filter=PersonFilter,
        description="The persons the viewer may identify: the office of jurisdiction's, and "
        "those the viewer is assigned to visit. Each person a page shows by name, ID number, "
        "phone, address, guardian or notes is one audit entry (who looked at whom). filter: "
        "regionCode, category, notVisitedSince.",
    )

    @strawberry.field(description="Counts by category in a region's subtree; no names.")
    async def people_counts(self, info: Info, region_code: str) -> list[PersonCount]:
        with refusals_as_graphql_errors():
            async with info.context.reading() as session:
                counts = await people.people_counts(session, info.context.principal, region_code)
        return [PersonCount(category=c.category, count=c.count) for c in counts]


register(PersonType, scope=visible_people)
