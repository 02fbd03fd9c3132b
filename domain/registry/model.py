"""Tables of the registry: accounts, tokens, offices, organizations, volunteers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity, changes_index, enum_column
from domain.kernel.db.constraints import REFUSAL, protects
from domain.kernel.enums import (
    LinkPurpose,
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
    # Set: its accounts neither sign in nor act; its records stay (see offices.py).
    deactivated_at: Mapped[datetime | None]


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
    # E.164, given by the account itself: what must reach it at once (visits to make)
    # comes by SMS too. A volunteer's phone is the volunteer's (Volunteer.phone).
    phone: Mapped[str | None] = mapped_column(String(32))
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organizations.id"), index=True
    )
    # Set: the account neither signs in nor acts, whatever token it holds.
    disabled_at: Mapped[datetime | None]


class AccountLink(Entity):
    """A one-time link sent to an account's email: an invitation, or a password reset."""

    __tablename__ = "account_links"

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("accounts.id"), index=True)
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose))
    # A SHA-256 of the link's token, like API tokens: 256 random bits need no slow hash.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    sent_by_account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


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
    # The profile (domain/volunteers/profile.py): personal data, like phone and email.
    birth_date: Mapped[date | None]
    languages: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # skill -> the certificate held for it (a counselling licence), as the person wrote it
    certificates: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    service_region_codes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    service_radius_km: Mapped[float | None] = mapped_column(Float)
    home_latitude: Mapped[float | None] = mapped_column(Float)
    home_longitude: Mapped[float | None] = mapped_column(Float)
    consented_at: Mapped[datetime | None]
    guardian_name: Mapped[str | None] = mapped_column(String(100))
    guardian_phone: Mapped[str | None] = mapped_column(String(32))
    guardian_consented_at: Mapped[datetime | None]
    # {time_zone, weekly: [{weekday, from, until}], ranges: [{from, until}]}; null: never
    # said, so only each offer's own window limits when the person serves.
    availability: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Beside the inbox, how the person is told of proposals and deployments (NotifyBy).
    notify_by: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: ["EMAIL", "SMS"], server_default='["EMAIL", "SMS"]'
    )
