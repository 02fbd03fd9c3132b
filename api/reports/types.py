"""Coverage and 3W of an incident."""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry

from api.kernel.connections import connection_field
from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import to_global_id
from api.kernel.types import RowBacked, row_type
from api.needs.types import NeedType
from api.registry.types import RegionType
from domain.incidents import blind_spots
from domain.incidents.model import Incident
from domain.reports import coverage, exports
from domain.reports import three_w as reports
from domain.reports.gaps import gap_page

MIXED = (
    "Adds the units of different categories (litres to counselor-days): read byCategory, "
    "fullyCoveredShare and weightedCoveredShare."
)


@strawberry.type(description="One category of an incident's needs, in the category's unit.")
class CategoryCoverage:
    category_code: str
    unit: str = strawberry.field(description="Every figure of this row is in this unit.")
    needed: int
    allocated: int = strawberry.field(
        description="Held by accepted allocations (what was handed back no longer counts)."
    )
    delivered: int = strawberry.field(description="Confirmed received.")
    shortfall: int = strawberry.field(description="The sum of the needs' shortfalls.")


@strawberry.type(description="One region's needs, as shares: units of categories never add.")
class RegionCoverage:
    region_code: str
    needed: int = strawberry.field(deprecation_reason=MIXED)
    allocated: int = strawberry.field(deprecation_reason=MIXED)
    delivered: int = strawberry.field(deprecation_reason=MIXED)
    need_count: int
    gap_count: int = strawberry.field(description="Needs with a shortfall.")
    fully_covered_share: float | None
    weighted_covered_share: float | None

    @strawberry.field
    def region(self) -> RegionType:
        return RegionType.by_code(self.region_code)


@strawberry.type(
    description="A region of the incident nobody has looked at: no need published, no "
    "assessment and no visit recorded within the set time after the incident's start; or "
    "one whose registered people are unvisited past their visit round's deadline."
)
class BlindSpot:
    region_code: strawberry.Private[str]
    since: datetime = strawberry.field(
        description="When the set time, or the earliest missed visit deadline, ran out."
    )
    reason: str = strawberry.field(
        default="NOTHING_SEEN",
        description="NOTHING_SEEN, or VISITS_OVERDUE: registered people still unvisited.",
    )

    @strawberry.field
    def region(self) -> RegionType:
        return RegionType.by_code(self.region_code)


@strawberry.type(
    description="What an incident's needs got: per category in its unit, across categories "
    "as shares, and the gaps."
)
class Coverage:
    by_category: list[CategoryCoverage]
    by_region: list[RegionCoverage]
    needed: int = strawberry.field(deprecation_reason=MIXED)
    allocated: int = strawberry.field(deprecation_reason=MIXED)
    delivered: int = strawberry.field(deprecation_reason=MIXED)
    need_count: int
    gap_count: int = strawberry.field(description="Needs with a shortfall.")
    fully_covered_share: float | None = strawberry.field(
        description="Of the needs (not cancelled), the share with no shortfall; null when "
        "there are none."
    )
    weighted_covered_share: float | None = strawberry.field(
        description="Each need's covered share (1 − shortfall / quantity), averaged with "
        "urgency weights CRITICAL 8, HIGH 4, MEDIUM 2, LOW 1; null when there are no needs."
    )
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
        return [BlindSpot(region_code=b.region_code, since=b.since, reason=b.reason) for b in found]

    gaps = connection_field(
        NeedType,
        ordered=lambda session, shown, **page: gap_page(
            session, shown.incident.id, shown.region_code, **page
        ),
        description="Every need with a shortfall, most urgent first, then the largest share "
        "short, then the oldest.",
    )


async def coverage_of(info: Info, incident: Incident, region_code: str | None) -> Coverage:
    """The coverage of an incident (in a region's subtree when given); needs are public."""
    with refusals_as_graphql_errors():
        async with info.context.reading() as session:
            totals = await coverage.incident_coverage(session, incident.id, region_code)
    shares = totals.shares
    return Coverage(
        by_category=[
            CategoryCoverage(
                category_code=t.category_code,
                unit=t.unit,
                needed=t.needed,
                allocated=t.allocated,
                delivered=t.delivered,
                shortfall=t.shortfall,
            )
            for t in totals.by_category
        ],
        by_region=[
            RegionCoverage(
                region_code=r.region_code,
                needed=r.mixed.needed,
                allocated=r.mixed.allocated,
                delivered=r.mixed.delivered,
                need_count=r.shares.needs,
                gap_count=r.shares.gaps,
                fully_covered_share=r.shares.fully_covered_share,
                weighted_covered_share=r.shares.weighted_covered_share,
            )
            for r in totals.by_region
        ],
        needed=totals.mixed.needed,
        allocated=totals.mixed.allocated,
        delivered=totals.mixed.delivered,
        need_count=shares.needs,
        gap_count=shares.gaps,
        fully_covered_share=shares.fully_covered_share,
        weighted_covered_share=shares.weighted_covered_share,
        incident=incident,
        region_code=region_code,
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
    delivered: int = strawberry.field(
        description="Confirmed received from the dispatches of those."
    )
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


@strawberry.type(description="What is still short in one region and category, in its unit.")
class ThreeWGap:
    region_code: str
    category_code: str
    unit: str
    shortfall: int

    @strawberry.field
    def region(self) -> RegionType:
        return RegionType.by_code(self.region_code)


@strawberry.type(description="Who does what where: the accepted allocations the viewer may see.")
class ThreeWReport:
    allocated: int = strawberry.field(
        deprecation_reason="Adds the units of different categories: read the rows."
    )
    delivered: int = strawberry.field(
        deprecation_reason="Adds the units of different categories: read the rows."
    )
    rows: list[ThreeWRow]
    gaps: list[ThreeWGap] = strawberry.field(
        description="Where no one does enough yet: every region and category still short "
        "(the needs' shortfalls summed, as the coverage report sums them)."
    )


async def three_w_report(info: Info, incident: Incident, region_code: str | None) -> ThreeWReport:
    """The 3W rows of an incident, refused (UNAUTHENTICATED) for anonymous callers."""
    with refusals_as_graphql_errors():
        async with info.context.reading() as session:
            rows = await reports.three_w(session, info.context.principal, incident.id, region_code)
            grid = await coverage.coverage_grid(session, incident.id, region_code)
            units = await exports.categories(session)
    return ThreeWReport(
        allocated=sum(r.allocated for r in rows),
        delivered=sum(r.delivered for r in rows),
        rows=[ThreeWRow.of(r) for r in rows],
        gaps=[
            ThreeWGap(
                region_code=cell.region_code,
                category_code=cell.category_code,
                unit=getattr(units.get(cell.category_code), "unit", ""),
                shortfall=cell.shortfall,
            )
            for cell in grid
            if cell.shortfall > 0
        ],
    )
