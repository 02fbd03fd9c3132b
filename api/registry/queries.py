"""The registry's lists: viewer, regions, offices, organizations, volunteers, tokens, audit."""

from __future__ import annotations

import uuid

import strawberry
from sqlalchemy import String, cast, select

from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import expect_id, from_global_id
from api.kernel.nodes import register
from api.kernel.paging import in_subtree, registry_page
from api.kernel.types import Connection
from api.registry.nodes import REGISTRY_NODES
from api.registry.types import (
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
from domain.kernel import audit, regions
from domain.kernel.audit import AuditEntry
from domain.kernel.enums import TokenKind
from domain.kernel.errors import DomainError, ErrorCode
from domain.registry import offices, organizations, volunteers
from domain.registry.model import Account, ApiToken, Office, Organization, Volunteer


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


@strawberry.type
class RegistryQueries:
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
    async def offices(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[OfficeType]:
        return await registry_page(
            info.context, Office, offices.all_offices(), OfficeType.of, first, after
        )

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
                stmt = stmt.where(in_subtree(Organization.region_code, filter.region_code))
        return await registry_page(
            info.context, Organization, stmt, OrganizationType.of, first, after
        )

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
                stmt = stmt.where(in_subtree(Volunteer.region_code, filter.region_code))
            if filter and filter.organization_id:
                org_id = expect_id(filter.organization_id, "Organization", "organizationId")
                stmt = stmt.where(Volunteer.organization_id == org_id)
            if filter and filter.membership_status:
                stmt = stmt.where(Volunteer.membership_status == filter.membership_status)
            if filter and filter.skill:
                # Skills are a JSON list of enum names: a quoted match is exact on both databases.
                skills_text = cast(Volunteer.skills, String)
                stmt = stmt.where(skills_text.contains(f'"{filter.skill.value}"', autoescape=True))
        return await registry_page(info.context, Volunteer, stmt, VolunteerType.of, first, after)

    @strawberry.field(description="The viewer's partner tokens (never their secrets).")
    async def api_tokens(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ApiTokenType]:
        owner: uuid.UUID | None = info.context.principal.account_id
        stmt = select(ApiToken).where(ApiToken.account_id == owner, ApiToken.kind == TokenKind.API)
        return await registry_page(info.context, ApiToken, stmt, ApiTokenType.of, first, after)

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
                stmt = stmt.where(in_subtree(AuditEntry.region_code, filter.region_code))
            if filter and filter.entity_id:
                decoded = from_global_id(filter.entity_id)
                if decoded is None:
                    raise DomainError.single("entityId", ErrorCode.INVALID_ID, "Not an id.")
                stmt = stmt.where(AuditEntry.entity_id == decoded[1])
        return await registry_page(info.context, AuditEntry, stmt, AuditEntryType.of, first, after)


for _name, _resolver in REGISTRY_NODES.items():
    register(_name, _resolver)
