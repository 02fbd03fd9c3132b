"""One-time account links: an invitation to set a name and password, or a password reset.

A link carries 256 random bits; only their SHA-256 is kept (as for API tokens), so the
table alone opens no account. A link works once, until it expires, and a newer link of
the same purpose replaces the older ones. The email goes out through the outbox and the
notification workers, like every other message: never from inside the request.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, outbox, validation
from domain.kernel.auth.passwords import hash_password, password_problem
from domain.kernel.auth.principal import Principal
from domain.kernel.auth.tokens import token_digest
from domain.kernel.db.base import utcnow
from domain.kernel.enums import LinkPurpose
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.registry.model import Account, AccountLink, ApiToken, Office

LIFETIMES = {
    LinkPurpose.INVITATION: timedelta(hours=72),
    LinkPurpose.PASSWORD_RESET: timedelta(hours=24),
}
# The hash of an account no password opens: invited and not yet joined, or the bootstrap.
UNUSABLE_PASSWORD = "!"
# The portal's page for each: it asks for a name only when joining.
ROUTES = {LinkPurpose.INVITATION: "/#/join/", LinkPurpose.PASSWORD_RESET: "/#/reset/"}


def awaiting_invitation(account: Account) -> bool:
    return account.password_hash == UNUSABLE_PASSWORD


async def send(
    session: AsyncSession,
    account: Account,
    purpose: LinkPurpose,
    *,
    portal_url: str,
    sent_by: Principal | None,
    mailed: bool = True,
) -> str:
    """A new link for the account, emailed to it (and a copy to the inbox of the ADMIN who
    sent it, who can hand it over when mail is slow or not set up); its address. Not
    mailed: only the caller has it (the embedded mode's log at start)."""
    now = utcnow()
    await session.execute(
        update(AccountLink)
        .where(
            AccountLink.account_id == account.id,
            AccountLink.purpose == purpose,
            AccountLink.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    record = AccountLink(
        account_id=account.id,
        purpose=purpose,
        token_hash=token_digest(token),
        expires_at=now + LIFETIMES[purpose],
        sent_by_account_id=sent_by.account_id if sent_by else None,
    )
    session.add(record)
    await session.flush()
    url = portal_url.rstrip("/") + ROUTES[purpose] + token
    if not mailed:
        return url
    outbox.emit(
        session,
        outbox.ACCOUNT_LINK_SENT,
        {
            "linkId": str(record.id),
            "accountId": str(account.id),
            "purpose": purpose.value,
            "url": url,
            "expiresAt": record.expires_at.isoformat(),
            "sentBy": str(sent_by.account_id) if sent_by and sent_by.account_id else None,
        },
    )
    return url


async def redeem(
    session: AsyncSession,
    token: str,
    purpose: LinkPurpose,
    *,
    password: str,
    display_name: str | None,
) -> Account:
    """The link's account with its new password (and name, when joining); the link is
    spent, and a reset ends every session the old password opened."""
    record = await session.scalar(
        select(AccountLink)
        .where(AccountLink.token_hash == token_digest((token or "")[:200]))
        .with_for_update()
    )
    if record is None or record.purpose is not purpose:
        raise DomainError.single("token", ErrorCode.NOT_FOUND, "This link is not known.")
    if record.used_at is not None:
        raise DomainError.single("token", ErrorCode.LINK_USED, "This link was used already.")
    now = utcnow()
    if record.expires_at <= now:
        raise DomainError.single("token", ErrorCode.LINK_EXPIRED, "This link has expired.")
    account = await session.get(Account, record.account_id, with_for_update=True)
    assert account is not None
    office = await session.get(Office, account.office_id) if account.office_id else None
    if account.disabled_at is not None or (office and office.deactivated_at is not None):
        raise DomainError.single("token", ErrorCode.FORBIDDEN, "This account is disabled.")
    errors = Errors()
    joining = purpose is LinkPurpose.INVITATION
    name = validation.text(errors, "display_name", display_name, max_length=100, required=joining)
    problem = password_problem(password or "")
    if problem:
        errors.add("password", ErrorCode.WEAK_PASSWORD, problem)
    errors.raise_if_any()
    record.used_at = now
    account.password_hash = hash_password(password)
    if name is not None:
        account.display_name = name
    if not joining:
        await revoke_tokens(session, account)
    actor = Principal(account_id=account.id, role=account.role)
    action = "account.joined" if joining else "account.password_reset"
    audit.record(
        session, actor, action, account, region_code=office.region_code if office else None
    )
    return account


async def revoke_tokens(session: AsyncSession, account: Account) -> None:
    """Every session and partner token of the account stops working now."""
    await session.execute(
        update(ApiToken)
        .where(ApiToken.account_id == account.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def cancel_links(session: AsyncSession, account: Account) -> None:
    """Links not yet used stop working (the account is disabled)."""
    await session.execute(
        update(AccountLink)
        .where(AccountLink.account_id == account.id, AccountLink.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
