"""ADMIN changes an account's role, within the roles of the account's kind.

An account's kind does not change with its role: an organization's account stays with its
organization (ORG_ADMIN or ORG_MEMBER), a volunteer stays a volunteer, and an office's
account stays with its office (OFFICE_ADMIN, OFFICE_STAFF, HOTLINE_OPERATOR, or ADMIN over
every jurisdiction; demoted again, it is back at its office). An ADMIN made with no office
has no other role to take: it is disabled instead.

Tokens: a role that widens what the account may do revokes every session and partner
token it holds, so no token ever does more than its holder was trusted with when it was
made (a partner token leaked from a staff member must not turn into an ADMIN's). A role
that narrows keeps them: each request reads the account's role afresh, so they lose the
powers at once, and the account's integrations keep running on what is left.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import ORG_ROLES, Role, Scope
from domain.kernel.errors import DomainError, ErrorCode
from domain.registry import links
from domain.registry.model import Account, ApiToken, Office

# How much each role may do, within its kind: each one's powers hold the lower ones'.
RANK = {
    Role.HOTLINE_OPERATOR: 0,
    Role.OFFICE_STAFF: 1,
    Role.OFFICE_ADMIN: 2,
    Role.ADMIN: 3,
    Role.ORG_MEMBER: 0,
    Role.ORG_ADMIN: 1,
    Role.VOLUNTEER: 0,
}
OFFICE_KIND = frozenset({Role.HOTLINE_OPERATOR, Role.OFFICE_STAFF, Role.OFFICE_ADMIN, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class ChangeAccountRole:
    account_id: uuid.UUID
    role: Role


@dataclass(frozen=True)
class RoleChanged:
    account: Account
    tokens_revoked: int


def roles_for(account: Account) -> frozenset[Role]:
    """The roles an account of this kind may hold."""
    if account.role is Role.VOLUNTEER:
        return frozenset({Role.VOLUNTEER})
    if account.organization_id is not None or account.role in ORG_ROLES:
        return ORG_ROLES
    if account.office_id is None:
        return frozenset({Role.ADMIN})
    return OFFICE_KIND


async def _other_admins(session: AsyncSession, account: Account) -> int:
    """Enabled ADMINs besides this one who can sign in (the token-only bootstrap cannot)."""
    count = await session.scalar(
        select(func.count())
        .select_from(Account)
        .where(
            Account.role == Role.ADMIN,
            Account.id != account.id,
            Account.disabled_at.is_(None),
            Account.password_hash != links.UNUSABLE_PASSWORD,
        )
    )
    return int(count or 0)


async def _live_tokens(session: AsyncSession, account: Account) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(ApiToken)
        .where(ApiToken.account_id == account.id, ApiToken.revoked_at.is_(None))
    )
    return int(count or 0)


async def change_account_role(
    session: AsyncSession, principal: Principal, command: ChangeAccountRole
) -> RoleChanged:
    """ADMIN gives an account another role of its kind; the same role changes nothing."""
    principal.require(Scope.REGISTRY)
    principal.require_admin("Only ADMIN changes roles.")
    account = await session.get(Account, command.account_id, with_for_update=True)
    if account is None:
        raise DomainError.single("account_id", ErrorCode.NOT_FOUND, "No such account.")
    allowed = roles_for(account)
    if command.role not in allowed:
        names = ", ".join(sorted(r.value for r in allowed))
        raise DomainError.single("role", ErrorCode.INVALID, f"This account may be: {names}.")
    before = account.role
    if command.role is before:
        return RoleChanged(account, 0)
    if before is Role.ADMIN and not await _other_admins(session, account):
        raise DomainError.single(
            "role",
            ErrorCode.INVALID_TRANSITION,
            "This is the last ADMIN who can sign in: make another ADMIN first.",
        )
    revoked = 0
    if RANK[command.role] > RANK[before]:
        revoked = await _live_tokens(session, account)
        await links.revoke_tokens(session, account)
    account.role = command.role
    region = (
        await session.scalar(select(Office.region_code).where(Office.id == account.office_id))
        if account.office_id
        else None
    )
    audit.record(
        session,
        principal,
        "account.role_changed",
        account,
        region_code=region,
        details={"from": before.value, "to": command.role.value, "tokensRevoked": revoked},
    )
    return RoleChanged(account, revoked)
