"""An incident's coverage of people: counts anyone signed in may read, and the people not
yet visited for those who may identify them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.registry.types import RegionType
from api.visits.types import VisitType
from domain.incidents.model import Incident
from domain.kernel import validation
from domain.kernel.errors import Errors
from domain.visits import coverage

if TYPE_CHECKING:
    from api.people.types import PersonType


@strawberry.type(description="One county's people in the incident's visit rounds.")
class RegionVisitCoverage:
    region_code: str
    registered: int
    planned: int = strawberry.field(description="Visits planned, all rounds.")
    visited: int = strawberry.field(description="Persons visited and found.")
    not_found: int = strawberry.field(description="Persons visited, never found.")
    at_risk: int = strawberry.field(
        description="Open findings: items AT_RISK or NOT_OK not yet referred."
    )
    referrals_open: int = strawberry.field(
        description="Referrals to a department not closed, and needs from findings still asking."
    )
    overdue: int = strawberry.field(description="Visits still to make past their deadline.")
    unplanned: int = strawberry.field(
        description="Registered persons no round of the incident has planned yet."
    )
    visited_on_time_share: float | None = strawberry.field(
        description="Of the county's persons given a deadline by a round, the share visited "
        "and found by it (not found is not visited); null before any round."
    )

    @strawberry.field
    def region(self) -> RegionType:
        return RegionType.by_code(self.region_code)


@strawberry.type(description="Who of the register was visited, per incident and county.")
class VisitCoverageType:
    figures: strawberry.Private[coverage.VisitCoverage]
    incident: strawberry.Private[Incident]

    @strawberry.field
    def registered(self) -> int:
        return self.figures.total("registered")

    @strawberry.field
    def planned(self) -> int:
        return self.figures.total("planned")

    @strawberry.field
    def visited(self) -> int:
        return self.figures.total("visited")

    @strawberry.field
    def not_found(self) -> int:
        return self.figures.total("not_found")

    @strawberry.field(description="Open findings: AT_RISK or NOT_OK items not yet referred.")
    def at_risk(self) -> int:
        return self.figures.total("at_risk")

    @strawberry.field
    def referrals_open(self) -> int:
        return self.figures.total("referrals_open")

    @strawberry.field
    def overdue(self) -> int:
        return self.figures.total("overdue")

    @strawberry.field(description="Registered persons no round of the incident has planned yet.")
    def unplanned(self) -> int:
        return self.figures.total("unplanned")

    @strawberry.field(
        description="Of the persons given a deadline by a round, the share visited and found "
        "by it (not found is not visited); null before any round."
    )
    def visited_on_time_share(self) -> float | None:
        return self.figures.visited_on_time_share

    @strawberry.field
    def by_region(self) -> list[RegionVisitCoverage]:
        return [
            RegionVisitCoverage(
                region_code=r.region_code,
                registered=r.registered,
                planned=r.planned,
                visited=r.visited,
                not_found=r.not_found,
                at_risk=r.at_risk,
                referrals_open=r.referrals_open,
                overdue=r.overdue,
                unplanned=r.unplanned,
                visited_on_time_share=r.visited_on_time_share,
            )
            for r in self.figures.by_region
        ]

    @strawberry.field(
        description="The visits still to make that the viewer may see, most vulnerable "
        "first (an office: its jurisdiction's; a visitor: their own)."
    )
    async def unvisited(self, info: Info, first: int = 20) -> list[VisitType]:
        with refusals_as_graphql_errors():
            stmt = coverage.unvisited(info.context.principal, self.incident.id)
        async with info.context.reading() as session:
            rows: list[Any] = list(
                (await session.scalars(stmt.limit(max(1, min(first, 100))))).all()
            )
        return rows

    @strawberry.field(
        description="The persons not yet visited that no round has planned (registered after "
        "the rounds) the viewer may identify, most vulnerable first; beside unvisited, "
        "they are everyone still to visit."
    )
    async def unplanned_people(
        self, info: Info, first: int = 20
    ) -> list[Annotated[PersonType, strawberry.lazy("api.people.types")]]:
        stmt = coverage.unplanned(info.context.principal, self.incident)
        async with info.context.reading() as session:
            rows: list[Any] = list(
                (await session.scalars(stmt.limit(max(1, min(first, 100))))).all()
            )
        return rows


async def visit_coverage_of(
    info: Info, incident: Incident, region_code: str | None
) -> VisitCoverageType:
    """The figures; signed-in viewers only (counts, no names)."""
    with refusals_as_graphql_errors():
        info.context.principal.require_signed_in()
        if region_code is not None:
            errors = Errors()
            validation.region(errors, "region_code", region_code)
            errors.raise_if_any()
        async with info.context.reading() as session:
            figures = await coverage.visit_coverage(session, incident, region_code=region_code)
    return VisitCoverageType(figures=figures, incident=incident)
