"""Incidents, their coverage, and dispatches."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from api import loaders
from api.context import Info
from api.errors import refusals_as_graphql_errors
from api.filters import NeedFilter, needs_query
from api.ids import to_global_id
from api.types.common import Connection, Node, connection_of
from api.types.notifications import NotificationType
from api.types.registry import OfficeType, RegionType
from api.types.relief import AllocationType, NeedType
from api.types.reports import ThreeWReport, three_w_report
from domain.dispatch.model import Dispatch
from domain.incidents.model import Incident
from domain.kernel.enums import DispatchStatus, Hazard, IncidentPhase, ResponseLevel
from domain.kernel.pagination import paginate
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.notify.model import Notification
from domain.reports import coverage

HazardEnum = strawberry.enum(Hazard)
ResponseLevelEnum = strawberry.enum(ResponseLevel)
IncidentPhaseEnum = strawberry.enum(IncidentPhase)
DispatchStatusEnum = strawberry.enum(DispatchStatus)


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

    @strawberry.field(description="Open CRITICAL and HIGH needs with nothing allocated.")
    async def gaps(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[NeedType]:
        with refusals_as_graphql_errors():
            async with info.context.reading() as session:
                page = await paginate(
                    session,
                    Need,
                    coverage.gaps(self.incident.id, self.region_code),
                    first=first,
                    after=after,
                )
        return connection_of(page, NeedType.of, after=after)


@strawberry.type(name="Incident", description="A disaster over one or more regions.")
class IncidentType(Node):
    row: strawberry.Private[Incident]
    name: str
    hazard: HazardEnum  # type: ignore[valid-type]
    response_level: ResponseLevelEnum  # type: ignore[valid-type]
    phase: IncidentPhaseEnum  # type: ignore[valid-type]
    started_at: datetime
    closed_at: datetime | None
    description: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: Incident) -> IncidentType:
        return cls(
            id=strawberry.ID(to_global_id("Incident", row.id)),
            row=row,
            name=row.name,
            hazard=row.hazard,
            response_level=row.response_level,
            phase=row.phase,
            started_at=row.started_at,
            closed_at=row.closed_at,
            description=row.description,
            created_at=row.created_at,
        )

    @strawberry.field
    def regions(self) -> list[RegionType]:
        return [RegionType.by_code(code) for code in self.row.region_codes]

    @strawberry.field
    async def office(self, info: Info) -> OfficeType | None:
        row = await loaders.office(info.context, self.row.office_id)
        return OfficeType.of(row) if row else None

    @strawberry.field(description="regionCode: only needs in that region's subtree.")
    async def coverage(self, info: Info, region_code: str | None = None) -> Coverage:
        with refusals_as_graphql_errors():
            async with info.context.reading() as session:
                totals = await coverage.incident_coverage(session, self.row.id, region_code)
        return Coverage(
            needed=totals.needed,
            allocated=totals.allocated,
            delivered=totals.delivered,
            by_category=[
                CategoryCoverage(
                    category_code=t.key,
                    needed=t.needed,
                    allocated=t.allocated,
                    delivered=t.delivered,
                )
                for t in totals.by_category
            ],
            by_region=[
                RegionCoverage(
                    region_code=t.key, needed=t.needed, allocated=t.allocated, delivered=t.delivered
                )
                for t in totals.by_region
            ],
            incident=self.row,
            region_code=region_code,
        )

    @strawberry.field(
        name="threeW",
        description="Who does what where; regionCode: only needs in that region's subtree. "
        "Null, with an error, for anonymous callers.",
    )
    async def three_w(self, info: Info, region_code: str | None = None) -> ThreeWReport | None:
        # Nullable so a refusal stays on this field: an error bubbling up to the incident
        # would end the response while sibling fields still read the request's session.
        return await three_w_report(info, self.row, region_code)

    @strawberry.field
    async def needs(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: NeedFilter | None = None,
    ) -> Connection[NeedType]:
        with refusals_as_graphql_errors():
            stmt = needs_query(filter, self.row.id)
            async with info.context.reading() as session:
                page = await paginate(session, Need, stmt, first=first, after=after)
        return connection_of(page, NeedType.of, after=after)


@strawberry.type(name="Dispatch", description="Issued when an allocation is accepted.")
class DispatchType(Node):
    row: strawberry.Private[Dispatch]
    code: str
    status: DispatchStatusEnum  # type: ignore[valid-type]
    delivered_quantity: int
    deadline: datetime
    issued_at: datetime
    acknowledged_at: datetime | None
    delivered_at: datetime | None

    @classmethod
    def of(cls, row: Dispatch) -> DispatchType:
        return cls(
            id=strawberry.ID(to_global_id("Dispatch", row.id)),
            row=row,
            code=row.code,
            status=row.status,
            delivered_quantity=row.delivered_quantity,
            deadline=row.deadline,
            issued_at=row.issued_at,
            acknowledged_at=row.acknowledged_at,
            delivered_at=row.delivered_at,
        )

    @strawberry.field(description="What to bring, where, by when, whom to call.")
    def instructions(self) -> JSON:
        return cast(JSON, self.row.instructions)

    @strawberry.field
    async def allocation(self, info: Info) -> AllocationType:
        row = await loaders.loader(info.context, Allocation).load(self.row.allocation_id)
        assert row is not None
        return AllocationType.of(row)

    @strawberry.field(description="Who was told, on which channel, and how delivery went.")
    async def notifications(self, info: Info) -> list[NotificationType]:
        rows = await loaders.grouped(
            info.context, "notifications_by_dispatch", Notification, Notification.dispatch_id
        ).load(self.row.id)
        return [NotificationType.of(r) for r in rows]
