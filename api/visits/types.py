"""Visit rounds, visits, their checklists and what their findings became."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.ids import to_global_id
from api.kernel.types import Node, row_type
from api.needs.types import NeedType
from api.people.types import PersonType
from api.registry.types import RegionType
from domain.kernel.enums import Scope
from domain.needs.model import Need
from domain.visits.model import (
    CheckItem,
    CheckStatus,
    FindingReferral,
    ReferralKind,
    Visit,
    VisitRound,
    VisitStatus,
)

VisitStatusEnum = strawberry.enum(VisitStatus, description="PLANNED, then VISITED or NOT_FOUND.")
CheckItemEnum = strawberry.enum(
    CheckItem,
    description="LIVING 生活保障, HOUSING 住房安全, DRINKING_WATER 饮水安全, "
    "ELECTRICITY 用电安全, HEALTH.",
)
CheckStatusEnum = strawberry.enum(CheckStatus)
ReferralKindEnum = strawberry.enum(ReferralKind)


@strawberry.type(description="One item of a visit's checklist.")
class VisitCheck:
    item: CheckItemEnum  # type: ignore[valid-type]
    status: CheckStatusEnum  # type: ignore[valid-type]
    note: str | None


@row_type(VisitRound, name="VisitRound", description="Every registered person, to be visited.")
class VisitRoundType(Node):
    due_at: datetime
    planned: int
    created_at: datetime

    @strawberry.field
    def region(self, root: VisitRound) -> RegionType:
        return RegionType.by_code(root.region_code)

    @strawberry.field
    def incident_id(self, root: VisitRound) -> strawberry.ID:
        return strawberry.ID(to_global_id("Incident", root.incident_id))


@row_type(FindingReferral, name="FindingReferral", description="What a visit's finding became.")
class FindingReferralType(Node):
    item: CheckItemEnum  # type: ignore[valid-type]
    kind: ReferralKindEnum  # type: ignore[valid-type]
    department: str | None
    note: str | None
    created_at: datetime
    closed_at: datetime | None
    answer: str | None = strawberry.field(description="The department's answer, once closed.")
    need = loaders.related(NeedType, "need_id", description="The need it became, if one.")


@row_type(Visit, name="Visit", description="A patrol visit (巡查探访) to one registered person.")
class VisitType(Node):
    status: VisitStatusEnum  # type: ignore[valid-type]
    due_at: datetime
    visited_at: datetime | None
    not_found_reason: str | None
    actions: str | None
    priority: int = strawberry.field(description="The person's visit order: lower first.")
    created_at: datetime

    @strawberry.field
    def region(self, root: Visit) -> RegionType:
        return RegionType.by_code(root.region_code)

    @strawberry.field
    def checks(self, root: Visit) -> list[VisitCheck]:
        return [
            VisitCheck(item=CheckItem(c["item"]), status=CheckStatus(c["status"]), note=c["note"])
            for c in root.checks
        ]

    @strawberry.field(description="Null for a partner token without PERSONAL_DATA.")
    async def person(self, root: Visit, info: Info) -> PersonType | None:
        if not info.context.principal.has_scope(Scope.PERSONAL_DATA):
            return None
        from domain.people.model import Person

        return await loaders.loader(info.context, Person).load(root.person_id)  # type: ignore[return-value]

    @strawberry.field
    async def visit_round(self, root: Visit, info: Info) -> VisitRoundType | None:
        return await loaders.loader(info.context, VisitRound).load(root.round_id)  # type: ignore[return-value]

    @strawberry.field(description="What the visit's findings became: needs and referrals.")
    async def referrals(self, root: Visit, info: Info) -> list[FindingReferralType]:
        rows: list[Any] = await loaders.grouped(
            info.context, "referrals_by_visit", FindingReferral, FindingReferral.visit_id
        ).load(root.id)
        return rows

    @strawberry.field(description="Who visits: an office's staff member, if one.")
    def visitor_account_id(self, root: Visit) -> strawberry.ID | None:
        if root.visitor_account_id is None:
            return None
        return strawberry.ID(to_global_id("Account", root.visitor_account_id))


def need_of(row: Need | None) -> NeedType | None:
    return NeedType.of(row) if row is not None else None
