"""A new account's credentials: a free, well-formed email and a strong password."""

from __future__ import annotations

import uuid
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import validation
from domain.kernel.auth.passwords import hash_password, password_problem
from domain.kernel.enums import Role
from domain.kernel.errors import ErrorCode, Errors
from domain.registry.model import Account


async def email_taken(session: AsyncSession, email: str) -> bool:
    return await session.scalar(select(Account.id).where(Account.email == email)) is not None


async def check_new_credentials(
    session: AsyncSession,
    errors: Errors,
    email_field: str,
    email: str,
    password_field: str,
    password: str,
) -> str | None:
    """The normalised email when free; errors on both fields otherwise."""
    normalised = validation.email(errors, email_field, email)
    if normalised and await email_taken(session, normalised):
        errors.add(email_field, ErrorCode.DUPLICATE, "An account with this email exists.")
    problem = password_problem(password or "")
    if problem:
        errors.add(password_field, ErrorCode.WEAK_PASSWORD, problem)
    return normalised


class AccountRequest(Protocol):
    """What a command asking for a new account carries."""

    @property
    def role(self) -> Role: ...
    @property
    def email(self) -> str: ...
    @property
    def password(self) -> str: ...
    @property
    def display_name(self) -> str | None: ...


async def new_account(
    session: AsyncSession,
    errors: Errors,
    asked: AccountRequest,
    *,
    office_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
) -> Account:
    """An account (not yet in the unit of work) once its display name and credentials
    pass; refuses with every error gathered so far in `errors`, and these."""
    name = validation.text(
        errors, "display_name", asked.display_name, max_length=100, required=False
    )
    clean_email = await check_new_credentials(
        session, errors, "email", asked.email, "password", asked.password
    )
    errors.raise_if_any()
    assert clean_email is not None
    return Account(
        email=clean_email,
        password_hash=hash_password(asked.password),
        role=asked.role,
        office_id=office_id,
        organization_id=organization_id,
        display_name=name,
    )
