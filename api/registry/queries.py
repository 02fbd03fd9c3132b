"""The registry's lists: viewer, regions, offices, organizations, volunteers, tokens, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import Select, or_, select
from sqlalchemy.sql.elements import ColumnElement

from api.kernel.connections import (
    Rule,
    connection_field,
    equals,
    in_region,
    json_member,
    narrows,
    node_id,
    updated_since,
)
from api.kernel.context import Info
from api.kernel.ids import from_global_id
from api.kernel.nodes import register
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
    RoleEnum,
    SkillEnum,
    VolunteerStatusEnum,
)
from api.volunteers.types import VolunteerType
from domain.kernel import audit, places, policy, regions
from domain.kernel.audit import AuditEntry
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import TokenKind
from domain.kernel.errors import DomainError, ErrorCode
from domain.registry.model import Account, ApiToken, Organization, Volunteer
from domain.registry.offices import all_offices
from domain.registry.organizations import visible_organizations
from domain.registry.volunteers import visible_volunteers


def _any_entity(column: Any) -> Rule:
    """The column holds the uuid of a global id of any type (the audit log's entities)."""

    def rule(value: str) -> ColumnElement[bool]:
        decoded = from_global_id(value)
        if decoded is None:
            raise DomainError.single("entityId", ErrorCode.INVALID_ID, "Not an id.")
        return column == decoded[1]

    return rule


@strawberry.input
class OrganizationFilter:
    status: OrganizationStatusEnum | None = narrows(equals(Organization.status))  # type: ignore[valid-type]
    kind: OrganizationKindEnum | None = narrows(equals(Organization.kind))  # type: ignore[valid-type]
    region_code: str | None = narrows(
        in_region(Organization.region_code), description="The code's subtree."
    )
    updated_since: datetime | None = updated_since(Organization)


@strawberry.input
class VolunteerFilter:
    region_code: str | None = narrows(in_region(Volunteer.region_code))
    organization_id: strawberry.ID | None = narrows(
        node_id(Volunteer.organization_id, "Organization", "organizationId")
    )
    skill: SkillEnum | None = narrows(json_member(Volunteer.skills))  # type: ignore[valid-type]
    membership_status: MembershipStatusEnum | None = narrows(equals(Volunteer.membership_status))  # type: ignore[valid-type]
    status: VolunteerStatusEnum | None = narrows(equals(Volunteer.status))  # type: ignore[valid-type]


@strawberry.input
class AuditLogFilter:
    action: str | None = narrows(equals(AuditEntry.action))
    entity_id: strawberry.ID | None = narrows(_any_entity(AuditEntry.entity_id))
    region_code: str | None = narrows(in_region(AuditEntry.region_code))
    actor_id: strawberry.ID | None = narrows(
        node_id(AuditEntry.actor_account_id, "Account", "actorId")
    )
    entity_type: str | None = narrows(
        equals(AuditEntry.entity_type), description="Office, Account, Need, ..."
    )
    since: datetime | None = narrows(
        lambda at: AuditEntry.created_at >= at, description="At or after this time."
    )
    until: datetime | None = narrows(
        lambda at: AuditEntry.created_at < at, description="Before this time."
    )


def _mentions(text: str) -> ColumnElement[bool]:
    """The email or the name holds the text (any case); % and _ are only themselves."""
    escaped = text.strip()[:100].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(
        Account.email.ilike(pattern, escape="\\"),
        Account.display_name.ilike(pattern, escape="\\"),
    )


@strawberry.input
class AccountFilter:
    office_id: strawberry.ID | None = narrows(node_id(Account.office_id, "Office", "officeId"))
    organization_id: strawberry.ID | None = narrows(
        node_id(Account.organization_id, "Organization", "organizationId")
    )
    role: RoleEnum | None = narrows(equals(Account.role))  # type: ignore[valid-type]
    text: str | None = narrows(_mentions, description="Part of the email or the name.")


@strawberry.input
class ApiTokenFilter:
    account_id: strawberry.ID | None = narrows(
        node_id(ApiToken.account_id, "Account", "accountId"),
        description="ADMIN: that account's tokens.",
    )


def _api_tokens(principal: Principal) -> Select[ApiToken]:
    principal.require_signed_in()
    partner = select(ApiToken).where(ApiToken.kind == TokenKind.API)
    if principal.is_admin and principal.scopes is None:
        return partner
    return partner.where(ApiToken.account_id == principal.account_id)


def _accounts(principal: Principal) -> Select[Account]:
    principal.require_signed_in()
    principal.require_admin("Only ADMIN lists accounts.")
    return select(Account)


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

    @strawberry.field(
        description="Provinces when parentCode is null, else its children. With `search`, "
        "the divisions the text names instead (a Chinese name, pinyin or its initials, a "
        "code; 六安 霍邱 for a county of a prefecture), best first, inside parentCode when "
        "given, at most `first` (10 unless given, 50 at most)."
    )
    def regions(
        self, parent_code: str | None = None, search: str | None = None, first: int = 10
    ) -> list[RegionType]:
        if search is None:
            return [RegionType.of(r) for r in regions.children(parent_code)]
        found = places.search(search[:60], within=parent_code, limit=min(max(first, 0), 50))
        return [RegionType.of(r) for r in found]

    @strawberry.field
    def region(self, code: str) -> RegionType | None:
        found = regions.get(code)
        return RegionType.of(found) if found else None

    offices = connection_field(OfficeType, scope=lambda _: all_offices())

    organizations = connection_field(
        OrganizationType,
        scope=visible_organizations,
        filter=OrganizationFilter,
        description="VERIFIED organizations; offices also see their jurisdiction.",
    )

    volunteers = connection_field(
        VolunteerType,
        scope=visible_volunteers,
        filter=VolunteerFilter,
        description="Volunteers the viewer may see (never public).",
    )

    api_tokens = connection_field(
        ApiTokenType,
        scope=_api_tokens,
        filter=ApiTokenFilter,
        description="The viewer's partner tokens (never their secrets); ADMIN: every "
        "account's, filter: accountId.",
    )

    accounts = connection_field(
        AccountType,
        scope=_accounts,
        filter=AccountFilter,
        description="ADMIN: every account; filter: officeId, organizationId, role, text.",
    )

    audit_log = connection_field(
        AuditEntryType,
        scope=audit.visible_entries,
        filter=AuditLogFilter,
        description="ADMIN: everything; offices: their jurisdiction.",
    )


register(OfficeType)
register(OrganizationType, scope=visible_organizations)
register(VolunteerType, scope=visible_volunteers)
register(AccountType, may_see=policy.is_own_account)
register(ApiTokenType, may_see=policy.owns)
register(AuditEntryType, scope=audit.visible_entries)
