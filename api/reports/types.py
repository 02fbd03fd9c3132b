"""Coverage and 3W of an incident."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.connections import connection_field
from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import to_global_id
from api.kernel.types import RowBacked, row_type
from api.needs.types import NeedType
from api.registry.types import RegionType
from domain.incidents.model import Incident
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


@strawberry.type
class Coverage:
    needed: int
    allocated: int
    delivered: int
    by_category: list[CategoryCoverage]
    by_region: list[RegionCoverage]
    incident: strawberry.Private[Incident]
    region_code: strawberry.Private[str | None]

    gaps = connection_field(
        NeedType,
        of_parent=lambda shown: coverage.gaps(shown.incident.id, shown.region_code),
        description="Open CRITICAL and HIGH needs with nothing allocated.",
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
