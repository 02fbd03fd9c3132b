"""Accounts, sign-in and bearer tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.passwords import verify_password
from domain.kernel.auth.principal import Principal
from domain.kernel.auth.tokens import new_token, token_digest
from domain.kernel.db.base import utcnow
from domain.kernel.enums import OFFICE_ROLES, Role, Scope, TokenKind
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.registry.credentials import new_account
from domain.registry.model import Account, ApiToken, Office, Volunteer
from domain.registry.principals import acting_as

SESSION_LIFETIME = timedelta(days=14)
BOOTSTRAP_EMAIL = "admin@reliefhub.invalid"


@dataclass(frozen=True, slots=True)
class CreateAccount:
    email: str
    password: str = field(repr=False)
    role: Role
    office_id: uuid.UUID | None
    display_name: str | None = None


@dataclass(frozen=True, slots=True)
class CreateApiToken:
    """A named partner token narrowed to `scopes`."""

    name: str
    scopes: list[Scope]


@dataclass(frozen=True, slots=True)
class RevokeApiToken:
    api_token_id: uuid.UUID


@dataclass(frozen=True)
class IssuedToken:
    token: str
    record: ApiToken
    account: Account


async def create_account(
    session: AsyncSession, principal: Principal, command: CreateAccount
) -> Account:
    """ADMIN creates any office account; an OFFICE_ADMIN creates staff (and hotline
    operators) of its own office."""
    principal.require(Scope.REGISTRY)
    if command.role not in OFFICE_ROLES | {Role.ADMIN, Role.HOTLINE_OPERATOR}:
        raise DomainError.single("role", ErrorCode.INVALID, "Create office or ADMIN accounts here.")
    errors = Errors()
    office = None
    if command.role is not Role.ADMIN:
        office = await session.get(Office, command.office_id) if command.office_id else None
        if office is None:
            errors.add("office_id", ErrorCode.NOT_FOUND, "Office accounts need an existing office.")
    allowed = principal.is_admin or (
        principal.role is Role.OFFICE_ADMIN
        and command.role is not Role.ADMIN
        and office is not None
        and office.id == principal.office_id
    )
    if not allowed:
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only ADMIN or this office's admin.")
    account = await new_account(session, errors, command, office_id=office.id if office else None)
    await audit.created(
        session,
        principal,
        "account.created",
        account,
        region_code=office.region_code if office else None,
        details={"role": command.role.value},
    )
    return account


async def _issue(
    session: AsyncSession,
    account: Account,
    kind: TokenKind,
    name: str,
    scopes: list[str] | None,
    *,
    action: str,
    actor: Principal | None = None,
    details: dict[str, Any] | None = None,
) -> IssuedToken:
    """A new token of the account, audited as `action` by `actor`: by the account itself
    unless told otherwise."""
    token = new_token()
    record = ApiToken(
        account_id=account.id,
        kind=kind,
        name=name,
        token_hash=token_digest(token),
        scopes=scopes,
        expires_at=utcnow() + SESSION_LIFETIME if kind is TokenKind.SESSION else None,
    )
    acting = actor or Principal(account_id=account.id, role=account.role)
    await audit.created(session, acting, action, record, region_code=None, details=details)
    return IssuedToken(token, record, account)


MAX_EMAIL_LENGTH = 254


async def sign_in(session: AsyncSession, email: str, password: str) -> IssuedToken:
    """A session token for the right email and password; one vague error otherwise."""
    email = (email or "").strip().lower()
    # No address is longer than 254 characters (RFC 5321): a megabyte-long one is not
    # looked up, and comes back with the same vague error.
    account = (
        await session.scalar(select(Account).where(Account.email == email))
        if len(email) <= MAX_EMAIL_LENGTH
        else None
    )
    if not verify_password(account.password_hash if account else None, password or ""):
        raise DomainError.single(
            "password", ErrorCode.INVALID_CREDENTIALS, "Email or password is wrong."
        )
    assert account is not None
    if account.disabled_at is not None or await _office_deactivated(session, account):
        # Said only after the right password: a stranger learns nothing of the account.
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "This account is disabled.")
    return await _issue(
        session, account, TokenKind.SESSION, "session", None, action="session.signed_in"
    )


async def _office_deactivated(session: AsyncSession, account: Account) -> bool:
    if account.office_id is None:
        return False
    office = await session.get(Office, account.office_id)
    return office is not None and office.deactivated_at is not None


async def start_session(session: AsyncSession, account: Account) -> IssuedToken:
    """A session for an account that just proved itself another way (a one-time link)."""
    return await _issue(
        session, account, TokenKind.SESSION, "session", None, action="session.signed_in"
    )


async def sign_out(session: AsyncSession, principal: Principal) -> None:
    """Revoke the token this request came with."""
    principal.require_signed_in()
    if principal.token_id:
        record = await session.get(ApiToken, principal.token_id)
        if record and record.revoked_at is None:
            record.revoked_at = utcnow()
            audit.record(session, principal, "session.signed_out", record, region_code=None)


async def create_api_token(
    session: AsyncSession, principal: Principal, command: CreateApiToken
) -> IssuedToken:
    """A named partner token with the caller's permissions narrowed to `scopes`."""
    principal.require_signed_in()
    if principal.scopes is not None:
        # Tokens made by tokens would outlive the revocation of the one that leaked.
        raise DomainError.single(
            None, ErrorCode.FORBIDDEN, "A partner token cannot make tokens: sign in to make one."
        )
    errors = Errors()
    clean_name = validation.text(errors, "name", command.name, max_length=100)
    if not command.scopes:
        errors.add("scopes", ErrorCode.REQUIRED, "Name at least one scope.")
    errors.raise_if_any()
    account = await session.get(Account, principal.account_id)
    assert account is not None and clean_name is not None
    scopes = sorted({s.value for s in command.scopes})
    return await _issue(
        session,
        account,
        TokenKind.API,
        clean_name,
        scopes,
        action="api_token.created",
        actor=principal,
        details={"name": clean_name, "scopes": scopes},
    )


async def revoke_api_token(
    session: AsyncSession, principal: Principal, command: RevokeApiToken
) -> ApiToken:
    """The owner (or ADMIN) revokes a token; it stops working at once."""
    principal.require_signed_in()
    record = await session.get(ApiToken, command.api_token_id)
    if record is None or not (principal.is_admin or record.account_id == principal.account_id):
        raise DomainError.single("api_token_id", ErrorCode.NOT_FOUND, "No such token of yours.")
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        audit.record(session, principal, "api_token.revoked", record, region_code=None)
    return record


async def authenticate(session: AsyncSession, token: str) -> Principal | None:
    """The principal behind a bearer token; None when unknown, expired or revoked."""
    row = (
        await session.execute(
            select(ApiToken, Account, Office.region_code, Office.deactivated_at, Volunteer.id)
            .join(Account, Account.id == ApiToken.account_id)
            .outerjoin(Office, Office.id == Account.office_id)
            .outerjoin(Volunteer, Volunteer.account_id == Account.id)
            .where(ApiToken.token_hash == token_digest(token))
        )
    ).first()
    if row is None:
        return None
    record, account, office_region, office_deactivated, volunteer_id = row
    now = utcnow()
    if record.revoked_at or (record.expires_at and record.expires_at <= now):
        return None
    # Disabling revokes the tokens too; this holds even for one issued in a race with it.
    if account.disabled_at is not None or office_deactivated is not None:
        return None
    scopes = None if record.scopes is None else frozenset(Scope(s) for s in record.scopes)
    return acting_as(
        account,
        office_region_code=office_region,
        volunteer_id=volunteer_id,
        scopes=scopes,
        token_id=record.id,
    )


async def bootstrap_admin_token(session: AsyncSession) -> str:
    """A new ADMIN token for the operator, creating the bootstrap account on first use."""
    account = await session.scalar(select(Account).where(Account.email == BOOTSTRAP_EMAIL))
    if account is None:
        # An unusable hash: the bootstrap account signs in only through its tokens.
        account = Account(
            email=BOOTSTRAP_EMAIL,
            password_hash="!",
            role=Role.ADMIN,
            display_name="Bootstrap administrator",
        )
        session.add(account)
        await session.flush()
    issued = await _issue(
        session, account, TokenKind.API, "admin-token", None, action="api_token.bootstrapped"
    )
    return issued.token
