"""node(id) of the registry's types: each resolves only what the viewer may see."""

from __future__ import annotations

import uuid

from api.kernel.context import Context
from api.kernel.nodes import Resolver
from api.kernel.types import Node
from api.registry.types import (
    AccountType,
    ApiTokenType,
    AuditEntryType,
    OfficeType,
    OrganizationType,
    VolunteerType,
)
from domain.kernel import audit
from domain.kernel.audit import AuditEntry
from domain.kernel.errors import DomainError
from domain.registry import organizations, volunteers
from domain.registry.model import Account, ApiToken, Office, Organization, Volunteer


async def _office(ctx: Context, ident: uuid.UUID) -> Node | None:
    async with ctx.reading() as session:
        row = await session.get(Office, ident)
    return OfficeType.of(row) if row else None


async def _organization(ctx: Context, ident: uuid.UUID) -> Node | None:
    stmt = organizations.visible_organizations(ctx.principal).where(Organization.id == ident)
    async with ctx.reading() as session:
        row = await session.scalar(stmt)
    return OrganizationType.of(row) if row else None


async def _volunteer(ctx: Context, ident: uuid.UUID) -> Node | None:
    stmt = volunteers.visible_volunteers(ctx.principal).where(Volunteer.id == ident)
    async with ctx.reading() as session:
        row = await session.scalar(stmt)
    return VolunteerType.of(row) if row else None


async def _account(ctx: Context, ident: uuid.UUID) -> Node | None:
    principal = ctx.principal
    if not (principal.is_admin or principal.account_id == ident):
        return None
    async with ctx.reading() as session:
        row = await session.get(Account, ident)
    return AccountType.of(row) if row else None


async def _api_token(ctx: Context, ident: uuid.UUID) -> Node | None:
    async with ctx.reading() as session:
        row = await session.get(ApiToken, ident)
    if row is None or not (ctx.principal.is_admin or row.account_id == ctx.principal.account_id):
        return None
    return ApiTokenType.of(row)


async def _audit_entry(ctx: Context, ident: uuid.UUID) -> Node | None:
    try:
        stmt = audit.visible_entries(ctx.principal).where(AuditEntry.id == ident)
    except DomainError:
        return None
    async with ctx.reading() as session:
        row = await session.scalar(stmt)
    return AuditEntryType.of(row) if row else None


REGISTRY_NODES: dict[str, Resolver] = {
    "Office": _office,
    "Organization": _organization,
    "Volunteer": _volunteer,
    "Account": _account,
    "ApiToken": _api_token,
    "AuditEntry": _audit_entry,
}
