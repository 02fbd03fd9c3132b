"""Regions, offices, organizations, volunteers, accounts, tokens and audit entries."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON

from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.ids import to_global_id
from api.kernel.types import Node, row_type
from domain.kernel import places, policy, regions
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
    VolunteerStatus,
)
from domain.kernel.personal_data import mask_email, mask_phone
from domain.registry import links
from domain.registry import model as rows
from domain.registry.accounts import BOOTSTRAP_EMAIL

if TYPE_CHECKING:
    from api.volunteers.types import VolunteerType

ReviewDecisionEnum = strawberry.enum(ReviewDecision)


MembershipDecisionEnum = strawberry.enum(MembershipDecision)


RoleEnum = strawberry.enum(Role)


ScopeEnum = strawberry.enum(Scope, name="ApiScope")


TokenKindEnum = strawberry.enum(TokenKind)


OrganizationKindEnum = strawberry.enum(OrganizationKind)


OrganizationStatusEnum = strawberry.enum(OrganizationStatus)


SkillEnum = strawberry.enum(Skill)


MembershipStatusEnum = strawberry.enum(MembershipStatus)


VolunteerStatusEnum = strawberry.enum(VolunteerStatus)


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

    @strawberry.field(description="With its ancestors, as an address reads: 安徽省六安市霍邱县.")
    def full_name(self) -> str:
        return places.full_name(self.code) or self.name

    @strawberry.field
    def parent(self) -> RegionType | None:
        return RegionType.by_code(self.parent_code) if self.parent_code else None

    @strawberry.field
    def children(self) -> list[RegionType]:
        return [RegionType.of(r) for r in regions.children(self.code)]


@row_type(rows.Office, name="Office", description="A civil-affairs office and its jurisdiction.")
class OfficeType(Node):
    name: str
    created_at: datetime
    deactivated_at: datetime | None = strawberry.field(
        description="Set: its accounts neither sign in nor act."
    )

    @strawberry.field(description="The jurisdiction: this region's whole subtree.")
    def region(self, root: rows.Office) -> RegionType:
        return RegionType.by_code(root.region_code)


@row_type(rows.Organization, name="Organization", description="A registered social organization.")
class OrganizationType(Node):
    name: str
    kind: OrganizationKindEnum  # type: ignore[valid-type]
    uscc: str
    status: OrganizationStatusEnum  # type: ignore[valid-type]
    contact_name: str
    service_category_codes: list[str]
    review_reason: str | None
    reviewed_at: datetime | None
    created_at: datetime
    updated_at: datetime = strawberry.field(
        description="When it last changed: the order of `filter: {updatedSince}`."
    )

    @strawberry.field
    def region(self, root: rows.Organization) -> RegionType:
        return RegionType.by_code(root.region_code)

    @strawberry.field(description="In full for the organization's admins and covering offices.")
    def contact_phone(self, root: rows.Organization, info: Info) -> str:
        full = policy.may_see_contacts(
            info.context.principal, region_code=root.region_code, organization_id=root.id
        )
        return root.contact_phone if full else mask_phone(root.contact_phone)

    @strawberry.field(description="In full for the organization's admins and covering offices.")
    def contact_email(self, root: rows.Organization, info: Info) -> str:
        full = policy.may_see_contacts(
            info.context.principal, region_code=root.region_code, organization_id=root.id
        )
        return root.contact_email if full else mask_email(root.contact_email)


@row_type(rows.Account, name="Account", description="Someone who signs in.")
class AccountType(Node):
    role: RoleEnum  # type: ignore[valid-type]
    display_name: str | None
    locale: LocaleEnum  # type: ignore[valid-type]
    time_zone: str | None = strawberry.field(
        description="The IANA zone messages tell times in; null: Asia/Shanghai."
    )
    created_at: datetime
    disabled_at: datetime | None = strawberry.field(
        description="Set: the account neither signs in nor acts."
    )

    @strawberry.field(
        description="Invited, and the link not yet used: no password yet (never the "
        "token-only bootstrap account of `reliefhub admin-token`, which nobody is invited to)."
    )
    def awaiting_invitation(self, root: rows.Account) -> bool:
        return links.awaiting_invitation(root) and root.email != BOOTSTRAP_EMAIL

    office = loaders.related(OfficeType, "office_id")

    @strawberry.field(description="Masked for partner tokens without the PERSONAL_DATA scope.")
    def email(self, root: rows.Account, info: Info) -> str:
        full = policy.may_see_account_email(info.context.principal)
        return root.email if full else mask_email(root.email)

    @strawberry.field(
        description="Told by SMS at; masked for partner tokens without the PERSONAL_DATA scope."
    )
    def phone(self, root: rows.Account, info: Info) -> str | None:
        if root.phone is None:
            return None
        full = policy.may_see_account_phone(info.context.principal)
        return root.phone if full else mask_phone(root.phone)

    organization = loaders.related(OrganizationType, "organization_id")

    @strawberry.field(description="The volunteer this account signs in as: its own only.")
    async def volunteer(
        self, root: rows.Account, info: Info
    ) -> Annotated[VolunteerType, strawberry.lazy("api.volunteers.types")] | None:
        principal = info.context.principal
        if root.role is not Role.VOLUNTEER or not (
            principal.account_id == root.id or principal.is_admin
        ):
            return None
        async with info.context.reading() as session:
            found = await session.scalar(
                select(rows.Volunteer).where(rows.Volunteer.account_id == root.id)
            )
        return found


@row_type(rows.ApiToken, name="ApiToken", description="A bearer token; its secret is shown once.")
class ApiTokenType(Node):
    name: str
    kind: TokenKindEnum  # type: ignore[valid-type]
    scopes: list[ScopeEnum] | None  # type: ignore[valid-type]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


@row_type(AuditEntry, name="AuditEntry", description="Who did what, on which entity, when.")
class AuditEntryType(Node):
    action: str
    entity_type: str
    region_code: str | None
    details: JSON
    created_at: datetime

    @strawberry.field
    def entity_id(self, root: AuditEntry) -> strawberry.ID:
        return strawberry.ID(to_global_id(root.entity_type, root.entity_id))

    @strawberry.field
    def actor_id(self, root: AuditEntry) -> strawberry.ID | None:
        if root.actor_account_id is None:
            return None
        return strawberry.ID(to_global_id("Account", root.actor_account_id))
