"""The registry's lists: viewer, regions, offices, organizations, volunteers, tokens, audit."""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from api.kernel.connections import Rule, connection_field, equals, in_region, json_member, node_id
from api.kernel.context import Info
from api.kernel.ids import from_global_id
from api.kernel.nodes import register
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
from domain.registry.model import Account, ApiToken, Office, Organization, Volunteer
from domain.registry.offices import all_offices
from domain.registry.organizations import visible_organizations
from domain.registry.volunteers import visible_volunteers


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


def _any_entity(column: Any) -> Rule:
    """The column holds the uuid of a global id of any type (the audit log's entities)."""

    def rule(value: str) -> ColumnElement[bool]:
        decoded = from_global_id(value)
        if decoded is None:
            raise DomainError.single("entityId", ErrorCode.INVALID_ID, "Not an id.")
        return column == decoded[1]

    return rule


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

    offices = connection_field(OfficeType, Office, scope=lambda asked: all_offices())

    organizations = connection_field(
        OrganizationType,
        Organization,
        scope=lambda asked: visible_organizations(asked.principal),
        filter=OrganizationFilter,
        rules={
            "status": equals(Organization.status),
            "kind": equals(Organization.kind),
            "region_code": in_region(Organization.region_code),
        },
        description="VERIFIED organizations; offices also see their jurisdiction.",
    )

    volunteers = connection_field(
        VolunteerType,
        Volunteer,
        scope=lambda asked: visible_volunteers(asked.principal),
        filter=VolunteerFilter,
        rules={
            "region_code": in_region(Volunteer.region_code),
            "organization_id": node_id(Volunteer.organization_id, "Organization", "organizationId"),
            "membership_status": equals(Volunteer.membership_status),
            "skill": json_member(Volunteer.skills),
        },
        description="Volunteers the viewer may see (never public).",
    )

    api_tokens = connection_field(
        ApiTokenType,
        ApiToken,
        scope=lambda asked: select(ApiToken).where(
            ApiToken.account_id == asked.principal.account_id, ApiToken.kind == TokenKind.API
        ),
        description="The viewer's partner tokens (never their secrets).",
    )

    audit_log = connection_field(
        AuditEntryType,
        AuditEntry,
        scope=lambda asked: audit.visible_entries(asked.principal),
        filter=AuditLogFilter,
        rules={
            "action": equals(AuditEntry.action),
            "region_code": in_region(AuditEntry.region_code),
            "entity_id": _any_entity(AuditEntry.entity_id),
        },
        description="ADMIN: everything; offices: their jurisdiction.",
    )


for _name, _resolver in REGISTRY_NODES.items():
    register(_name, _resolver)
