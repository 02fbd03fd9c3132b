"""The one-time codes that prove a phone number at sign-up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity


class PhoneCode(Entity):
    __tablename__ = "volunteer_phone_codes"

    phone: Mapped[str] = mapped_column(String(32), index=True)
    # Only a salted hash is kept: whoever reads the table cannot sign up as the phone.
    salt: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None]
