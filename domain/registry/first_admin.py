"""The way in for a deployment's first ADMIN: an invitation link handed out by whoever runs
the server (`reliefhub admin-invite`, or the embedded mode's log at start), so that no one
writes GraphQL by hand to get the console going. Whoever can run these holds the database
already, as with `reliefhub admin-token`: no account is asked for."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import LinkPurpose, Role
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.registry import links
from domain.registry.accounts import BOOTSTRAP_EMAIL
from domain.registry.model import Account
from domain.registry.staff import Invited

# The address the embedded mode invites when nobody named one (RFC 2606: never a mailbox
# of anyone's); `reliefhub admin-invite` takes a real one.
EMBEDDED_ADMIN_EMAIL = "admin@example.org"
# The operator at the server's console: an audit entry with no account behind it.
OPERATOR = Principal()


async def invite_admin(
    session: AsyncSession, email: str, portal_url: str, *, mailed: bool = True
) -> Invited:
    """An ADMIN invitation for the email: a new account, or a fresh link (replacing the
    older ones) for an ADMIN that has not joined yet. Any other account of that email is
    refused: a role changes in the console, by an ADMIN, audited there."""
    errors = Errors()
    clean = validation.email(errors, "email", email)
    errors.raise_if_any()
    assert clean is not None
    account = await session.scalar(select(Account).where(Account.email == clean))
    if account is None:
        account = Account(email=clean, password_hash=links.UNUSABLE_PASSWORD, role=Role.ADMIN)
        await audit.created(
            session,
            OPERATOR,
            "account.invited",
            account,
            region_code=None,
            details={"role": Role.ADMIN.value},
        )
    elif not _pending_admin(account):
        raise DomainError.single(
            "email",
            ErrorCode.DUPLICATE,
            "This email has an account already (joined, disabled or not an ADMIN).",
        )
    link = await links.send(
        session,
        account,
        LinkPurpose.INVITATION,
        portal_url=portal_url,
        sent_by=None,
        mailed=mailed,
    )
    return Invited(account, link)


def _pending_admin(account: Account) -> bool:
    return (
        account.role is Role.ADMIN
        and account.disabled_at is None
        and account.email != BOOTSTRAP_EMAIL
        and links.awaiting_invitation(account)
    )


async def admin_can_sign_in(session: AsyncSession) -> bool:
    """Some enabled ADMIN has a password (the token-only bootstrap account has none)."""
    found = await session.scalar(
        select(Account.id)
        .where(
            Account.role == Role.ADMIN,
            Account.disabled_at.is_(None),
            Account.password_hash != links.UNUSABLE_PASSWORD,
        )
        .limit(1)
    )
    return found is not None


async def first_admin_link(session: AsyncSession, portal_url: str) -> Invited | None:
    """While no ADMIN can sign in, a fresh invitation for the newest ADMIN still to join
    (one `reliefhub admin-invite` made), else for EMBEDDED_ADMIN_EMAIL; None once one can.
    Not mailed: it is for the log of whoever started the server, and a restart would
    otherwise mail the address again each time."""
    if await admin_can_sign_in(session):
        return None
    waiting = (
        await session.scalars(
            select(Account)
            .where(Account.role == Role.ADMIN, Account.disabled_at.is_(None))
            .order_by(Account.created_at.desc())
        )
    ).all()
    pending = next((a for a in waiting if _pending_admin(a)), None)
    email = pending.email if pending else EMBEDDED_ADMIN_EMAIL
    return await invite_admin(session, email, portal_url, mailed=False)
