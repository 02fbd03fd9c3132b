"""An incident: its regions, phase, needs, coverage and 3W."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy import select

from api.kernel import loaders
from api.kernel.connections import connection_field
from api.kernel.context import Info
from api.kernel.types import Node, row_type
from api.needs.filters import NeedFilter
from api.needs.types import NeedType
from api.registry.types import OfficeType, RegionType
from api.reports.types import Coverage, ThreeWReport, coverage_of, three_w_report
from api.visits.coverage import VisitCoverageType, visit_coverage_of
from domain.incidents.model import Incident
from domain.kernel.enums import Hazard, IncidentPhase, ResponseLevel
from domain.needs.model import Need

HazardEnum = strawberry.enum(Hazard)


ResponseLevelEnum = strawberry.enum(ResponseLevel)


IncidentPhaseEnum = strawberry.enum(IncidentPhase)


@row_type(Incident, name="Incident", description="A disaster over one or more regions.")
class IncidentType(Node):
    name: str
    hazard: HazardEnum  # type: ignore[valid-type]
    response_level: ResponseLevelEnum  # type: ignore[valid-type]
    phase: IncidentPhaseEnum  # type: ignore[valid-type]
    started_at: datetime
    closed_at: datetime | None
    description: str | None
    created_at: datetime

    @strawberry.field
    def regions(self, root: Incident) -> list[RegionType]:
        return [RegionType.by_code(code) for code in root.region_codes]

    office = loaders.related(OfficeType, "office_id")

    @strawberry.field(description="regionCode: only needs in that region's subtree.")
    async def coverage(
        self, root: Incident, info: Info, region_code: str | None = None
    ) -> Coverage:
        return await coverage_of(info, root, region_code)

    @strawberry.field(
        description="Who of the special-groups register was visited: per county, counts "
        "anyone signed in may read; regionCode: that region's subtree. Null, with an "
        "error, for anonymous callers."
    )
    async def visit_coverage(
        self, root: Incident, info: Info, region_code: str | None = None
    ) -> VisitCoverageType | None:
        return await visit_coverage_of(info, root, region_code)

    @strawberry.field(
        name="threeW",
        description="Who does what where; regionCode: only needs in that region's subtree. "
        "Null, with an error, for anonymous callers.",
    )
    async def three_w(
        self, root: Incident, info: Info, region_code: str | None = None
    ) -> ThreeWReport | None:
        # Nullable so a refusal stays on this field: an error bubbling up to the incident
        # would end the response while sibling fields still read the request's session.
        return await three_w_report(info, root, region_code)

    needs = connection_field(
        NeedType,
        of_parent=lambda incident: select(Need).where(Need.incident_id == incident.id),
        filter=NeedFilter,
    )
