"""Coverage and 3W of an incident."""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry

from api.kernel.connections import connection
from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import to_global_id
from api.kernel.types import Connection, RowBacked, row_type
from api.needs.types import NeedType
from api.registry.types import RegionType
from domain.incidents import blind_spots
from domain.incidents.model import Incident
from domain.needs.model import Need
from domain.reports import coverage
from domain.reports import three_w as reports


@strawberry.type
class CategoryCoverage:
    category_code: str
    needed: int
    allocated: int
    delivered: int


@strawberry.type
class RegionCoverage:
    region_code: str
    needed: int
    allocated: int
    delivered: int

    @strawberry.field
    def region(self) -> RegionType:
        return RegionType.by_code(self.region_code)


@strawberry.type(
    description="A region of the incident nobody has looked at: no need published "
    "and no assessment recorded within the set time after the incident's start."
)
class BlindSpot:
    region_code: strawberry.Private[str]
    since: datetime = strawberry.field(description="When the set time ran out.")

    @strawberry.field
    def region(self) -> RegionType:
        return RegionType.by_code(self.region_code)


@strawberry.type
class Coverage:
    needed: int
    allocated: int
    delivered: int
    by_category: list[CategoryCoverage]
    by_region: list[RegionCoverage]
    incident: strawberry.Private[Incident]
    region_code: strawberry.Private[str | None]

    @strawberry.field(
        description="Regions (down to counties) with no need and no assessment since the "
        "set time after the incident's start, until one appears."
    )
    async def blind_spots(self, info: Info) -> list[BlindSpot]:
        after = timedelta(hours=info.context.settings.blind_spot_after_hours)
        # The region code was checked by `coverage` itself, which refuses an unknown one.
        async with info.context.reading() as session:
            found = await blind_spots.blind_spots(
                session, self.incident, after=after, region_code=self.region_code
            )
        return [BlindSpot(region_code=b.region_code, since=b.since) for b in found]

    @strawberry.field(description="Open or overdue CRITICAL and HIGH needs with nothing allocated.")
    async def gaps(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[NeedType]:
        return await connection(
            info,
            Need,
            lambda: coverage.gaps(self.incident.id, self.region_code),
            first=first,
            after=after,
        )


ProviderKindEnum = strawberry.enum(reports.ProviderKind, name="ProviderKind")


@row_type(
    reports.ThreeWRow,
    name="ThreeWRow",
    description="One organization (or the individual volunteers) × category × region.",
)
class ThreeWRow(RowBacked):
    organization_name: str | None
    uscc: str | None
    provider_kind: ProviderKindEnum  # type: ignore[valid-type]
    category_code: str
    category_group: str
    unit: str
    region_code: str
    allocated: int = strawberry.field(description="Accepted allocations, in the category's unit.")
    delivered: int = strawberry.field(description="Delivered by the dispatches of those.")
    started_at: datetime | None = strawberry.field(description="The first acceptance.")
    people_targeted: int = strawberry.field(
        description="Beneficiaries of the needs served (each need once per provider)."
    )
    people_reached: int = strawberry.field(
        description="Beneficiaries of the needs this provider has delivered to."
    )

    @strawberry.field(
        description="Null for individual volunteers, who are counted but never named."
    )
    def organization_id(self, root: reports.ThreeWRow) -> strawberry.ID | None:
        org = root.organization_id
        return strawberry.ID(to_global_id("Organization", org)) if org else None

    @strawberry.field(description="How many needs these allocations serve.")
    def need_count(self, root: reports.ThreeWRow) -> int:
        return root.needs

    @strawberry.field
    def region(self, root: reports.ThreeWRow) -> RegionType:
        return RegionType.by_code(root.region_code)


@strawberry.type(description="Who does what where: the accepted allocations the viewer may see.")
class ThreeWReport:
    allocated: int
    delivered: int
    rows: list[ThreeWRow]


async def three_w_report(info: Info, incident: Incident, region_code: str | None) -> ThreeWReport:
    """The 3W rows of an incident, refused (UNAUTHENTICATED) for anonymous callers."""
    with refusals_as_graphql_errors():
        async with info.context.reading() as session:
            rows = await reports.three_w(session, info.context.principal, incident.id, region_code)
    return ThreeWReport(
        allocated=sum(r.allocated for r in rows),
        delivered=sum(r.delivered for r in rows),
        rows=[ThreeWRow.of(r) for r in rows],
    )
