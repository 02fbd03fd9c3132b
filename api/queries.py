"""The registry's queries."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

import strawberry
from sqlalchemy import Select, String, cast, select

from api.context import Context, Info
from api.errors import refusals_as_graphql_errors
from api.ids import expect_id, from_global_id
from api.nodes import resolve_node
from api.types.categories import CategoryType
from api.types.common import Connection, Node, connection_of
from api.types.registry import (
    AccountType,
    ApiTokenType,
    AuditEntryType,
    MembershipStatusEnum,
    OfficeType,
    OrganizationKindEnum,
    OrganizationStatusEnum,
    OrganizationType,
    RegionType,
    SkillEnum,
    VolunteerType,
)
from domain.categories.model import Category
from domain.kernel import audit, regions
from domain.kernel.audit import AuditEntry
from domain.kernel.db.base import Entity
from domain.kernel.enums import TokenKind
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.pagination import paginate
from domain.registry import offices, organizations, volunteers
from domain.registry.model import Account, ApiToken, Office, Organization, Volunteer

E = TypeVar("E", bound=Entity)


@strawberry.input
class OrganizationFilter:
    status: OrganizationStatusEnum | None = None  # type: ignore[valid-type]
    kind: OrganizationKindEnum | None = None  # type: ignore[valid-type]
    region_code: str | None = strawberry.field(default=None, description="The code's subtree.")


@strawberry.input
class VolunteerFilter:
    region_code: str | None = None
    organization_id: strawberry.ID | None = None
    skill: SkillEnum | None = None  # type: ignore[valid-type]
    membership_status: MembershipStatusEnum | None = None  # type: ignore[valid-type]


@strawberry.input
class AuditLogFilter:
    action: str | None = None
    entity_id: strawberry.ID | None = None
    region_code: str | None = None


def _in_subtree(column: Any, code: str) -> Any:
    if regions.get(code) is None:
        raise DomainError.single("regionCode", ErrorCode.UNKNOWN_REGION, f"Unknown region {code}.")
    return column.startswith(regions.subtree_prefix(code), autoescape=True)


async def _page(
    ctx: Context,
    model: type[E],
    stmt: Select[E],
    wrap: Any,
    first: int | None,
    after: str | None,
) -> Connection[Any]:
    with refusals_as_graphql_errors():
        async with ctx.reading() as session:
            page = await paginate(session, model, stmt, first=first, after=after)
    return connection_of(page, wrap, after=after)


@strawberry.type
class RegistryQueries:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info.context, id)

    @strawberry.field(description="The signed-in account, or null.")
    async def viewer(self, info: Info) -> AccountType | None:
        ident = info.context.principal.account_id
        if ident is None:
            return None
        async with info.context.reading() as session:
            row = await session.get(Account, ident)
        return AccountType.of(row) if row else None

    @strawberry.field(description="Provinces when parentCode is null, else its children.")
    def regions(self, parent_code: str | None = None) -> list[RegionType]:
        return [RegionType.of(r) for r in regions.children(parent_code)]

    @strawberry.field
    def region(self, code: str) -> RegionType | None:
        found = regions.get(code)
        return RegionType.of(found) if found else None

    @strawberry.field
    async def categories(self, info: Info) -> list[CategoryType]:
        async with info.context.reading() as session:
            rows = (
                await session.scalars(select(Category).order_by(Category.group, Category.code))
            ).all()
        return [CategoryType.of(r) for r in rows]

    @strawberry.field
    async def offices(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[OfficeType]:
        return await _page(info.context, Office, offices.all_offices(), OfficeType.of, first, after)

    @strawberry.field(description="VERIFIED organizations; offices also see their jurisdiction.")
    async def organizations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: OrganizationFilter | None = None,
    ) -> Connection[OrganizationType]:
        stmt = organizations.visible_organizations(info.context.principal)
        with refusals_as_graphql_errors():
            if filter and filter.status:
                stmt = stmt.where(Organization.status == filter.status)
            if filter and filter.kind:
                stmt = stmt.where(Organization.kind == filter.kind)
            if filter and filter.region_code:
                stmt = stmt.where(_in_subtree(Organization.region_code, filter.region_code))
        return await _page(info.context, Organization, stmt, OrganizationType.of, first, after)

    @strawberry.field(description="Volunteers the viewer may see (never public).")
    async def volunteers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: VolunteerFilter | None = None,
    ) -> Connection[VolunteerType]:
        stmt = volunteers.visible_volunteers(info.context.principal)
        with refusals_as_graphql_errors():
            if filter and filter.region_code:
                stmt = stmt.where(_in_subtree(Volunteer.region_code, filter.region_code))
            if filter and filter.organization_id:
                org_id = expect_id(filter.organization_id, "Organization", "organizationId")
                stmt = stmt.where(Volunteer.organization_id == org_id)
            if filter and filter.membership_status:
                stmt = stmt.where(Volunteer.membership_status == filter.membership_status)
            if filter and filter.skill:
                # Skills are a JSON list of enum names: a quoted match is exact on both databases.
                skills_text = cast(Volunteer.skills, String)
                stmt = stmt.where(skills_text.contains(f'"{filter.skill.value}"', autoescape=True))
        return await _page(info.context, Volunteer, stmt, VolunteerType.of, first, after)

    @strawberry.field(description="The viewer's partner tokens (never their secrets).")
    async def api_tokens(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ApiTokenType]:
        owner: uuid.UUID | None = info.context.principal.account_id
        stmt = select(ApiToken).where(ApiToken.account_id == owner, ApiToken.kind == TokenKind.API)
        return await _page(info.context, ApiToken, stmt, ApiTokenType.of, first, after)

    @strawberry.field(description="ADMIN: everything; offices: their jurisdiction.")
    async def audit_log(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: AuditLogFilter | None = None,
    ) -> Connection[AuditEntryType]:
        with refusals_as_graphql_errors():
            stmt = audit.visible_entries(info.context.principal)
            if filter and filter.action:
                stmt = stmt.where(AuditEntry.action == filter.action)
            if filter and filter.region_code:
                stmt = stmt.where(_in_subtree(AuditEntry.region_code, filter.region_code))
            if filter and filter.entity_id:
                decoded = from_global_id(filter.entity_id)
                if decoded is None:
                    raise DomainError.single("entityId", ErrorCode.INVALID_ID, "Not an id.")
                stmt = stmt.where(AuditEntry.entity_id == decoded[1])
        return await _page(info.context, AuditEntry, stmt, AuditEntryType.of, first, after)
