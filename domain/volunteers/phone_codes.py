"""One-time codes that prove a volunteer holds the phone they sign up with.

A code is six digits, sent by SMS, good for ten minutes and a few tries. The record a
sign-up is checked against (phone_codes) keeps only a salted hash. The code itself has to
reach the phone, so it travels as any text's words do: in the outbox event to the SMS
channel and in the SMS notification rendered from it (and, running with no SMS gateway,
in the ADMIN accounts' inboxes, where it is meant to be read). Those rows belong to no
account: only ADMIN may read them, and the code they hold is worthless once used or ten
minutes old. A phone gets a new code at most once a minute and a few times an hour, so
nobody can use the sign-up page to flood a stranger's phone.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import outbox, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.settings import Settings
from domain.volunteers.model import PhoneCode

log = logging.getLogger(__name__)

LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(minutes=1)
PER_HOUR = 5
DIGITS = 6


@dataclass(frozen=True, slots=True)
class RequestPhoneCode:
    phone: str


def _hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


async def request_phone_code(
    session: AsyncSession, principal: Principal, command: RequestPhoneCode
) -> bool:
    """Anyone: a fresh code goes to the phone by SMS; earlier ones stop working."""
    errors = Errors()
    phone = validation.phone(errors, "phone", command.phone)
    errors.raise_if_any()
    assert phone
    now = utcnow()
    recent = await session.scalars(
        select(PhoneCode.created_at).where(
            PhoneCode.phone == phone, PhoneCode.created_at > now - timedelta(hours=1)
        )
    )
    sent = list(recent)
    if len(sent) >= PER_HOUR or any(at > now - RESEND_AFTER for at in sent):
        raise DomainError.single(
            "phone", ErrorCode.RATE_LIMITED, "A code was sent to this phone just now; wait."
        )
    code = await issue(session, phone, now)
    # The code travels in the event to the SMS channel, as any text's words do.
    outbox.emit(session, outbox.PHONE_CODE_REQUESTED, {"phone": phone, "code": code})
    if not Settings.from_env().production:
        # Running on one machine with no SMS gateway: whoever runs it reads the code here.
        log.warning("phone code for %s: %s", phone, code)
    return True


async def issue(session: AsyncSession, phone: str, now: datetime | None = None) -> str:
    """A fresh code for the (E.164) phone, replacing any earlier one; sent by nobody.
    The demo loader signs its volunteers up with it."""
    now = now or utcnow()
    await _retire(session, phone, now)
    code = f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"
    salt = secrets.token_hex(16)
    session.add(
        PhoneCode(phone=phone, salt=salt, code_hash=_hash(salt, code), expires_at=now + LIFETIME)
    )
    return code


async def _retire(session: AsyncSession, phone: str, now: datetime) -> None:
    live = await session.scalars(
        select(PhoneCode).where(
            PhoneCode.phone == phone, PhoneCode.used_at.is_(None), PhoneCode.expires_at > now
        )
    )
    for row in live:
        row.expires_at = now


async def _live(session: AsyncSession, phone: str, now: datetime) -> PhoneCode | None:
    return await session.scalar(
        select(PhoneCode)
        .where(PhoneCode.phone == phone, PhoneCode.used_at.is_(None), PhoneCode.expires_at > now)
        .order_by(PhoneCode.created_at.desc())
        .limit(1)
        .with_for_update()
    )


def _judge(row: PhoneCode | None, code: str) -> tuple[ErrorCode, str] | None:
    if row is None:
        return ErrorCode.INVALID, "No code is waiting for this phone, or it expired; ask again."
    if row.attempts >= MAX_ATTEMPTS:
        return ErrorCode.RATE_LIMITED, "Too many wrong codes; ask for a new one."
    if not hmac.compare_digest(row.code_hash, _hash(row.salt, (code or "").strip())):
        return ErrorCode.INVALID, "That is not the code sent to this phone."
    return None


async def count_wrong_try(session: AsyncSession, phone: str, code: str) -> None:
    """Own unit of work, before the sign-up: a wrong code counts against the phone's
    tries even though the sign-up it came with is refused and rolled back."""
    row = await _live(session, phone, utcnow())
    if row is not None and _judge(row, code) is not None:
        row.attempts = min(row.attempts + 1, MAX_ATTEMPTS)


async def use_code(
    session: AsyncSession, errors: Errors, field: str, phone: str | None, code: str
) -> None:
    """The code sent to the phone, used up by this sign-up; an error on `field` if not."""
    if phone is None:
        return
    now = utcnow()
    row = await _live(session, phone, now)
    refusal = _judge(row, code)
    if refusal is not None:
        errors.add(field, *refusal)
        return
    assert row is not None
    row.used_at = now
