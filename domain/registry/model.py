"""Tables of the registry: accounts, tokens, offices, organizations, volunteers."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, changes_index, enum_column
from domain.kernel.db.constraints import REFUSAL, protects
from domain.kernel.enums import (
    Locale,
    MembershipStatus,
    OrganizationKind,
    OrganizationStatus,
    Role,
    TokenKind,
    VolunteerStatus,
)
from domain.kernel.errors import ErrorCode


class Office(Entity):
    __tablename__ = "offices"

    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(6), index=True)


class Organization(Entity):
    __tablename__ = "organizations"
    __table_args__ = (changes_index("organizations"),)

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganizationKind] = mapped_column(enum_column(OrganizationKind))
    uscc: Mapped[str] = mapped_column(
        String(18),
        unique=True,
        info={REFUSAL: protects("uscc", ErrorCode.DUPLICATE, "This USCC is already registered.")},
    )
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    status: Mapped[OrganizationStatus] = mapped_column(enum_column(OrganizationStatus), index=True)
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_phone: Mapped[str] = mapped_column(String(32))
    contact_email: Mapped[str] = mapped_column(String(254))
    service_category_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    review_reason: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None]


class Account(Entity):
    __tablename__ = "accounts"

    email: Mapped[str] = mapped_column(
        String(254),
        unique=True,
        info={REFUSAL: protects("email", ErrorCode.DUPLICATE, "This email has an account.")},
    )
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role), index=True)
    display_name: Mapped[str | None] = mapped_column(String(100))
    locale: Mapped[Locale] = mapped_column(enum_column(Locale), default=Locale.ZH_CN)
    # An IANA zone ("Asia/Urumqi") messages tell times in; None: Asia/Shanghai.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organizations.id"), index=True
    )


class ApiToken(Entity):
    __tablename__ = "api_tokens"

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("accounts.id"), index=True)
    kind: Mapped[TokenKind] = mapped_column(enum_column(TokenKind))
    name: Mapped[str] = mapped_column(String(100))
    # Only a SHA-256 of the token is kept: tokens carry 256 random bits, so a slow
    # hash adds nothing and would cost every request.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str] | None] = mapped_column(JSON)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class Volunteer(Entity):
    __tablename__ = "volunteers"

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("accounts.id"), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organizations.id"), index=True
    )
    membership_status: Mapped[MembershipStatus] = mapped_column(
        enum_column(MembershipStatus), default=MembershipStatus.NONE
    )
    # The office's verification (domain/registry/volunteer_reviews.py).
    status: Mapped[VolunteerStatus] = mapped_column(
        enum_column(VolunteerStatus), default=VolunteerStatus.PENDING, index=True
    )
    review_reason: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None]
