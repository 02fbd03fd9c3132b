"""Organizations: sign-up, review by the responsible office, members, who sees what."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.kernel import audit, policy, validation
from domain.kernel.auth.passwords import hash_password
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import OrganizationKind, OrganizationStatus, ReviewDecision, Role, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.outbox import ORGANIZATION_REVIEWED, emit
from domain.registry import reviewing
from domain.registry.credentials import check_new_credentials, new_account
from domain.registry.model import Account, Organization


@dataclass(frozen=True, slots=True)
class RegisterOrganization:
    name: str
    kind: OrganizationKind
    uscc: str
    region_code: str
    contact_name: str
    contact_phone: str
    contact_email: str
    admin_email: str
    admin_password: str = field(repr=False)
    service_category_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewOrganization:
    organization_id: uuid.UUID
    decision: ReviewDecision
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AddMember:
    organization_id: uuid.UUID
    email: str
    password: str = field(repr=False)
    role: Role
    display_name: str | None = None


async def _unknown_categories(session: AsyncSession, codes: list[str]) -> list[str]:
    known = set(
        (await session.scalars(select(Category.code).where(Category.code.in_(codes)))).all()
    )
    return [c for c in codes if c not in known]


async def register_organization(
    session: AsyncSession, principal: Principal, command: RegisterOrganization
) -> tuple[Organization, Account]:
    """Anyone signs an organization up: PENDING, with its ORG_ADMIN account."""
    errors = Errors()
    name = validation.text(errors, "name", command.name)
    uscc = validation.uscc(errors, "uscc", command.uscc)
    if uscc and await session.scalar(select(Organization.id).where(Organization.uscc == uscc)):
        errors.add("uscc", ErrorCode.DUPLICATE, "An organization with this USCC is registered.")
    region = validation.region(errors, "region_code", command.region_code)
    contact_name = validation.text(errors, "contact_name", command.contact_name, max_length=100)
    phone = validation.phone(errors, "contact_phone", command.contact_phone)
    contact_email = validation.email(errors, "contact_email", command.contact_email)
    admin_email = await check_new_credentials(
        session,
        errors,
        "admin_email",
        command.admin_email,
        "admin_password",
        command.admin_password,
    )
    codes = sorted(set(command.service_category_codes))
    unknown = await _unknown_categories(session, codes)
    if unknown:
        errors.add(
            "service_category_codes",
            ErrorCode.UNKNOWN_CATEGORY,
            f"Unknown categories: {', '.join(unknown)}.",
        )
    errors.raise_if_any()
    assert name and uscc and region and contact_name and phone and contact_email and admin_email
    organization = Organization(
        name=name,
        kind=command.kind,
        uscc=uscc,
        region_code=region.code,
        status=OrganizationStatus.PENDING,
        contact_name=contact_name,
        contact_phone=phone,
        contact_email=contact_email,
        service_category_codes=codes,
    )
    session.add(organization)
    await session.flush()
    admin = Account(
        email=admin_email,
        password_hash=hash_password(command.admin_password),
        role=Role.ORG_ADMIN,
        organization_id=organization.id,
        display_name=contact_name,
    )
    session.add(admin)
    await session.flush()
    # A public sign-up is the new admin's own act.
    actor = (
        Principal(account_id=admin.id, role=Role.ORG_ADMIN, organization_id=organization.id)
        if principal.is_anonymous
        else principal
    )
    audit.record(
        session,
        actor,
        "organization.registered",
        organization,
        region_code=region.code,
        details={"uscc": uscc, "kind": command.kind.value},
    )
    return organization, admin


async def review_organization(
    session: AsyncSession, principal: Principal, command: ReviewOrganization
) -> Organization:
    """Office staff covering the organization's region approve, reject, suspend, reinstate."""
    organization = await session.get(Organization, command.organization_id, with_for_update=True)
    if organization is None:
        raise DomainError.single("organization_id", ErrorCode.NOT_FOUND, "No such organization.")
    reviewing.may_review(principal, organization, "organization_id", "organization")
    reviewing.decide(
        session,
        principal,
        organization,
        command.decision,
        command.reason,
        "organization.reviewed",
    )
    emit(session, ORGANIZATION_REVIEWED, {"organizationId": str(organization.id)})
    return organization


async def add_member(session: AsyncSession, principal: Principal, command: AddMember) -> Account:
    """An organization's admin adds a member (or another admin) account."""
    principal.require(Scope.REGISTRY)
    if not (principal.is_admin or principal.administers_organization(command.organization_id)):
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only this organization's admins.")
    organization = await session.get(Organization, command.organization_id)
    if organization is None:
        raise DomainError.single("organization_id", ErrorCode.NOT_FOUND, "No such organization.")
    errors = Errors()
    if command.role not in (Role.ORG_ADMIN, Role.ORG_MEMBER):
        errors.add("role", ErrorCode.INVALID, "Members are ORG_ADMIN or ORG_MEMBER.")
    account = await new_account(session, errors, command, organization_id=organization.id)
    await audit.created(
        session,
        principal,
        "organization.member_added",
        account,
        region_code=organization.region_code,
        details={"role": command.role.value},
    )
    return account


def visible_organizations(principal: Principal) -> Select[Organization]:
    """VERIFIED ones for everybody; offices also see their jurisdiction; members their own."""
    return policy.visible(
        principal,
        select(Organization),
        region=Organization.region_code,
        organization=Organization.id,
        public=Organization.status == OrganizationStatus.VERIFIED,
    )
