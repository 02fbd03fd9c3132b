"""Regions, offices, organizations, volunteers, accounts, tokens and audit entries."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.ids import to_global_id
from api.kernel.types import Node
from domain.kernel import regions
from domain.kernel.audit import AuditEntry
from domain.kernel.enums import (
    Locale,
    MembershipDecision,
    MembershipStatus,
    OrganizationKind,
    OrganizationStatus,
    ReviewDecision,
    Role,
    Scope,
    Skill,
    TokenKind,
)
from domain.kernel.personal_data import mask_email, mask_phone
from domain.registry import accounts, organizations, volunteers
from domain.registry import model as rows

ReviewDecisionEnum = strawberry.enum(ReviewDecision)


MembershipDecisionEnum = strawberry.enum(MembershipDecision)


RoleEnum = strawberry.enum(Role)


ScopeEnum = strawberry.enum(Scope, name="ApiScope")


TokenKindEnum = strawberry.enum(TokenKind)


OrganizationKindEnum = strawberry.enum(OrganizationKind)


OrganizationStatusEnum = strawberry.enum(OrganizationStatus)


SkillEnum = strawberry.enum(Skill)


MembershipStatusEnum = strawberry.enum(MembershipStatus)


RegionLevelEnum = strawberry.enum(regions.RegionLevel)


LocaleEnum = strawberry.enum(Locale, name="Locale")


@strawberry.type(name="Region", description="A GB/T 2260 administrative division.")
class RegionType:
    code: str
    name: str
    level: RegionLevelEnum  # type: ignore[valid-type]
    parent_code: str | None

    @classmethod
    def of(cls, region: regions.Region) -> RegionType:
        return cls(
            code=region.code, name=region.name, level=region.level, parent_code=region.parent_code
        )

    @classmethod
    def by_code(cls, code: str) -> RegionType:
        region = regions.get(code)
        # Stored codes were validated on the way in; a code retired from the package
        # still shows, with its code as its name.
        if region is None:
            return cls(code=code, name=code, level=regions.RegionLevel.COUNTY, parent_code=None)
        return cls.of(region)

    @strawberry.field
    def parent(self) -> RegionType | None:
        return RegionType.by_code(self.parent_code) if self.parent_code else None

    @strawberry.field
    def children(self) -> list[RegionType]:
        return [RegionType.of(r) for r in regions.children(self.code)]


@strawberry.type(name="Office", description="A civil-affairs office and its jurisdiction.")
class OfficeType(Node):
    row: strawberry.Private[rows.Office]
    name: str
    created_at: datetime

    @classmethod
    def of(cls, row: rows.Office) -> OfficeType:
        return cls(
            id=strawberry.ID(to_global_id("Office", row.id)),
            row=row,
            name=row.name,
            created_at=row.created_at,
        )

    @strawberry.field(description="The jurisdiction: this region's whole subtree.")
    def region(self) -> RegionType:
        return RegionType.by_code(self.row.region_code)


@strawberry.type(name="Organization", description="A registered social organization.")
class OrganizationType(Node):
    row: strawberry.Private[rows.Organization]
    name: str
    kind: OrganizationKindEnum  # type: ignore[valid-type]
    uscc: str
    status: OrganizationStatusEnum  # type: ignore[valid-type]
    contact_name: str
    service_category_codes: list[str]
    review_reason: str | None
    reviewed_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: rows.Organization) -> OrganizationType:
        return cls(
            id=strawberry.ID(to_global_id("Organization", row.id)),
            row=row,
            name=row.name,
            kind=row.kind,
            uscc=row.uscc,
            status=row.status,
            contact_name=row.contact_name,
            service_category_codes=list(row.service_category_codes),
            review_reason=row.review_reason,
            reviewed_at=row.reviewed_at,
            created_at=row.created_at,
        )

    @strawberry.field
    def region(self) -> RegionType:
        return RegionType.by_code(self.row.region_code)

    @strawberry.field(description="In full for the organization's admins and covering offices.")
    def contact_phone(self, info: Info) -> str:
        full = organizations.may_see_contacts(info.context.principal, self.row)
        return self.row.contact_phone if full else mask_phone(self.row.contact_phone)

    @strawberry.field(description="In full for the organization's admins and covering offices.")
    def contact_email(self, info: Info) -> str:
        full = organizations.may_see_contacts(info.context.principal, self.row)
        return self.row.contact_email if full else mask_email(self.row.contact_email)


@strawberry.type(name="Volunteer", description="A person who gives their time.")
class VolunteerType(Node):
    row: strawberry.Private[rows.Volunteer]
    display_name: str
    skills: list[SkillEnum]  # type: ignore[valid-type]
    membership_status: MembershipStatusEnum  # type: ignore[valid-type]
    created_at: datetime

    @classmethod
    def of(cls, row: rows.Volunteer) -> VolunteerType:
        return cls(
            id=strawberry.ID(to_global_id("Volunteer", row.id)),
            row=row,
            display_name=row.display_name,
            skills=[Skill(s) for s in row.skills],
            membership_status=row.membership_status,
            created_at=row.created_at,
        )

    @strawberry.field
    def region(self) -> RegionType:
        return RegionType.by_code(self.row.region_code)

    @strawberry.field(
        description="In full for the person, their organization's admins and "
        "covering offices; masked for others."
    )
    def phone(self, info: Info) -> str:
        full = volunteers.may_see_personal_data(info.context.principal, self.row)
        return self.row.phone if full else mask_phone(self.row.phone)

    @strawberry.field(description="Null unless the viewer may see it in full.")
    async def email(self, info: Info) -> str | None:
        if not volunteers.may_see_personal_data(info.context.principal, self.row):
            return None
        account = await loaders.account(info.context, self.row.account_id)
        return account.email if account else None

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType | None:
        if self.row.organization_id is None:
            return None
        row = await loaders.organization(info.context, self.row.organization_id)
        return OrganizationType.of(row) if row else None


@strawberry.type(name="Account", description="Someone who signs in.")
class AccountType(Node):
    row: strawberry.Private[rows.Account]
    role: RoleEnum  # type: ignore[valid-type]
    display_name: str | None
    locale: LocaleEnum  # type: ignore[valid-type]
    created_at: datetime

    @classmethod
    def of(cls, row: rows.Account) -> AccountType:
        return cls(
            id=strawberry.ID(to_global_id("Account", row.id)),
            row=row,
            role=row.role,
            display_name=row.display_name,
            locale=row.locale,
            created_at=row.created_at,
        )

    @strawberry.field
    async def office(self, info: Info) -> OfficeType | None:
        if self.row.office_id is None:
            return None
        row = await loaders.office(info.context, self.row.office_id)
        return OfficeType.of(row) if row else None

    @strawberry.field(description="Masked for partner tokens without the PERSONAL_DATA scope.")
    def email(self, info: Info) -> str:
        full = accounts.may_see_account_email(info.context.principal)
        return self.row.email if full else mask_email(self.row.email)

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType | None:
        if self.row.organization_id is None:
            return None
        row = await loaders.organization(info.context, self.row.organization_id)
        return OrganizationType.of(row) if row else None


@strawberry.type(name="ApiToken", description="A bearer token; its secret is shown once.")
class ApiTokenType(Node):
    name: str
    kind: TokenKindEnum  # type: ignore[valid-type]
    scopes: list[ScopeEnum] | None  # type: ignore[valid-type]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: rows.ApiToken) -> ApiTokenType:
        scopes = None if row.scopes is None else [Scope(s) for s in row.scopes]
        return cls(
            id=strawberry.ID(to_global_id("ApiToken", row.id)),
            name=row.name,
            kind=row.kind,
            scopes=scopes,
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )


@strawberry.type(name="AuditEntry", description="Who did what, on which entity, when.")
class AuditEntryType(Node):
    action: str
    entity_type: str
    entity_id: strawberry.ID
    actor_id: strawberry.ID | None
    region_code: str | None
    details: JSON
    created_at: datetime

    @classmethod
    def of(cls, row: AuditEntry) -> AuditEntryType:
        actor = to_global_id("Account", row.actor_account_id) if row.actor_account_id else None
        return cls(
            id=strawberry.ID(to_global_id("AuditEntry", row.id)),
            action=row.action,
            entity_type=row.entity_type,
            entity_id=strawberry.ID(to_global_id(row.entity_type, row.entity_id)),
            actor_id=strawberry.ID(actor) if actor else None,
            region_code=row.region_code,
            details=cast(JSON, row.details),
            created_at=row.created_at,
        )
