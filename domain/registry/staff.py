"""An office's staff accounts: invited by email, disabled and enabled, reset by link."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import OFFICE_ROLES, LinkPurpose, Role, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.registry import links
from domain.registry.credentials import email_taken
from domain.registry.model import Account, Office

INVITED_ROLES = OFFICE_ROLES | {Role.HOTLINE_OPERATOR}


@dataclass(frozen=True, slots=True)
class InviteAccount:
    office_id: uuid.UUID
    email: str
    role: Role
    portal_url: str


@dataclass(frozen=True, slots=True)
class AccountCommand:
    account_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class SendPasswordReset:
    account_id: uuid.UUID
    portal_url: str


@dataclass(frozen=True)
class Invited:
    account: Account
    link: str


async def invite_account(
    session: AsyncSession, principal: Principal, command: InviteAccount
) -> Invited:
    """ADMIN (or the office's own OFFICE_ADMIN) invites someone to an active office: the
    account waits, with no password, until the emailed link is opened."""
    principal.require(Scope.REGISTRY)
    office = await session.get(Office, command.office_id)
    allowed = principal.is_admin or (
        principal.role is Role.OFFICE_ADMIN
        and office is not None
        and office.id == principal.office_id
    )
    if not allowed:
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only ADMIN or this office's admin.")
    errors = Errors()
    if office is None:
        errors.add("office_id", ErrorCode.NOT_FOUND, "No such office.")
    elif office.deactivated_at is not None:
        errors.add("office_id", ErrorCode.INVALID_TRANSITION, "This office is deactivated.")
    if command.role not in INVITED_ROLES:
        errors.add(
            "role", ErrorCode.INVALID, "Invite OFFICE_ADMIN, OFFICE_STAFF or HOTLINE_OPERATOR."
        )
    email = validation.email(errors, "email", command.email)
    if email and await email_taken(session, email):
        errors.add("email", ErrorCode.DUPLICATE, "An account with this email exists.")
    errors.raise_if_any()
    assert office is not None and email is not None
    account = Account(
        email=email,
        password_hash=links.UNUSABLE_PASSWORD,
        role=command.role,
        office_id=office.id,
    )
    await audit.created(
        session,
        principal,
        "account.invited",
        account,
        region_code=office.region_code,
        details={"role": command.role.value},
    )
    link = await links.send(
        session, account, LinkPurpose.INVITATION, portal_url=command.portal_url, sent_by=principal
    )
    return Invited(account, link)


async def _account_for_admin(
    session: AsyncSession, principal: Principal, account_id: uuid.UUID, refusal: str
) -> Account:
    principal.require(Scope.REGISTRY)
    principal.require_admin(refusal)
    account = await session.get(Account, account_id, with_for_update=True)
    if account is None:
        raise DomainError.single("account_id", ErrorCode.NOT_FOUND, "No such account.")
    return account


async def _region_of(session: AsyncSession, account: Account) -> str | None:
    if account.office_id is None:
        return None
    return await session.scalar(select(Office.region_code).where(Office.id == account.office_id))


async def disable_account(
    session: AsyncSession, principal: Principal, command: AccountCommand
) -> Account:
    """ADMIN disables an account: its sessions and tokens stop working on their next
    request, its unused links too; what it did stays, under its name."""
    account = await _account_for_admin(
        session, principal, command.account_id, "Only ADMIN disables accounts."
    )
    if account.id == principal.account_id:
        raise DomainError.single("account_id", ErrorCode.INVALID, "You cannot disable yourself.")
    if account.disabled_at is None:
        account.disabled_at = utcnow()
        await links.revoke_tokens(session, account)
        await links.cancel_links(session, account)
        region = await _region_of(session, account)
        audit.record(session, principal, "account.disabled", account, region_code=region)
    return account


async def enable_account(
    session: AsyncSession, principal: Principal, command: AccountCommand
) -> Account:
    """ADMIN enables a disabled account again; it signs in anew (its old tokens stay
    revoked)."""
    account = await _account_for_admin(
        session, principal, command.account_id, "Only ADMIN enables accounts."
    )
    if account.disabled_at is not None:
        account.disabled_at = None
        region = await _region_of(session, account)
        audit.record(session, principal, "account.enabled", account, region_code=region)
    return account


async def send_password_reset(
    session: AsyncSession, principal: Principal, command: SendPasswordReset
) -> Invited:
    """ADMIN sends an account a password-reset link (an invitation again, when it never
    joined)."""
    account = await _account_for_admin(
        session, principal, command.account_id, "Only ADMIN sends reset links."
    )
    if account.disabled_at is not None:
        raise DomainError.single("account_id", ErrorCode.INVALID_TRANSITION, "Enable it first.")
    purpose = (
        LinkPurpose.INVITATION if links.awaiting_invitation(account) else LinkPurpose.PASSWORD_RESET
    )
    link = await links.send(
        session, account, purpose, portal_url=command.portal_url, sent_by=principal
    )
    region = await _region_of(session, account)
    audit.record(session, principal, "account.link_sent", account, region_code=region)
    return Invited(account, link)


async def request_password_reset(session: AsyncSession, email: str, portal_url: str) -> str | None:
    """Anyone asks for a reset link for an email; the caller's answer never says whether
    it has an account (nor is a disabled or never-joined account sent one). The link, for
    the server's log when no mail server is set up; None when none was sent."""
    clean = (email or "").strip().lower()
    if not clean or len(clean) > 254:
        return None
    account = await session.scalar(select(Account).where(Account.email == clean))
    if account is None or account.disabled_at is not None or links.awaiting_invitation(account):
        return None
    return await links.send(
        session, account, LinkPurpose.PASSWORD_RESET, portal_url=portal_url, sent_by=None
    )
