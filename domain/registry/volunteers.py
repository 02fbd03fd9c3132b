"""Volunteers: sign-up, joining an organization, who sees their personal data."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, policy, validation
from domain.kernel.auth.passwords import hash_password
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import (
    Locale,
    MembershipDecision,
    MembershipStatus,
    OrganizationStatus,
    Role,
    Scope,
    Skill,
)
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.personal_data import masked_name
from domain.registry.credentials import check_new_credentials
from domain.registry.model import Account, Organization, Volunteer
from domain.volunteers import phone_codes, profile
from domain.volunteers.profile import Point, ProfileFields, SkillCertificate


@dataclass(frozen=True, slots=True)
class RegisterVolunteer:
    display_name: str
    phone: str
    email: str
    password: str = field(repr=False)
    region_code: str
    skills: list[Skill]
    # The code `requestPhoneCode` sent to the phone: proof the person holds it.
    phone_code: str = field(default="", repr=False)
    consent_to_personal_data: bool = False
    birth_date: date | None = None
    organization_id: uuid.UUID | None = None
    certificates: list[SkillCertificate] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    service_region_codes: list[str] = field(default_factory=list)
    service_radius_km: float | None = None
    home_location: Point | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    guardian_consent: bool | None = None
    # The account's language, as the sign-up page was shown: messages and pages use it.
    locale: Locale = Locale.ZH_CN

    def profile(self) -> ProfileFields:
        return ProfileFields(
            certificates=self.certificates,
            languages=self.languages,
            service_region_codes=self.service_region_codes,
            service_radius_km=self.service_radius_km,
            home_location=self.home_location,
            birth_date=self.birth_date,
            guardian_name=self.guardian_name,
            guardian_phone=self.guardian_phone,
            guardian_consent=self.guardian_consent,
        )


@dataclass(frozen=True, slots=True)
class ReviewMembership:
    volunteer_id: uuid.UUID
    decision: MembershipDecision


async def register_volunteer(
    session: AsyncSession, principal: Principal, command: RegisterVolunteer
) -> Volunteer:
    """Anyone signs up as a volunteer with the code sent to their phone, consenting to
    the use of their personal data; joining an organization waits for its admin."""
    errors = Errors()
    name = validation.text(errors, "display_name", command.display_name, max_length=100)
    phone = validation.phone(errors, "phone", command.phone)
    await phone_codes.use_code(session, errors, "phone_code", phone, command.phone_code)
    if not command.consent_to_personal_data:
        errors.add(
            "consent_to_personal_data",
            ErrorCode.REQUIRED,
            "Consent to the use of your personal data to serve as a volunteer.",
        )
    if command.birth_date is None:
        errors.add("birth_date", ErrorCode.REQUIRED, "Give your birth date.")
    region = validation.region(errors, "region_code", command.region_code)
    email = await check_new_credentials(
        session, errors, "email", command.email, "password", command.password
    )
    organization = None
    if command.organization_id is not None:
        organization = await session.get(Organization, command.organization_id)
        if organization is None or organization.status is not OrganizationStatus.VERIFIED:
            errors.add("organization_id", ErrorCode.NOT_FOUND, "No such verified organization.")
    errors.raise_if_any()
    assert name and phone and region and email
    now = utcnow()
    account = Account(
        email=email,
        password_hash=hash_password(command.password),
        role=Role.VOLUNTEER,
        display_name=name,
        locale=command.locale,
    )
    session.add(account)
    await session.flush()
    volunteer = Volunteer(
        account_id=account.id,
        display_name=name,
        phone=phone,
        region_code=region.code,
        skills=sorted({s.value for s in command.skills}),
        organization_id=organization.id if organization else None,
        membership_status=MembershipStatus.PENDING if organization else MembershipStatus.NONE,
        consented_at=now,
    )
    profile.apply(errors, volunteer, command.profile(), now)
    errors.raise_if_any()
    session.add(volunteer)
    await session.flush()
    # A public sign-up is the volunteer's own act.
    actor = (
        Principal(account_id=account.id, role=Role.VOLUNTEER, volunteer_id=volunteer.id)
        if principal.is_anonymous
        else principal
    )
    audit.record(
        session,
        actor,
        "volunteer.registered",
        volunteer,
        region_code=region.code,
        details={"organizationId": str(organization.id) if organization else None},
    )
    return volunteer


async def review_membership(
    session: AsyncSession, principal: Principal, command: ReviewMembership
) -> Volunteer:
    """The organization's admin approves or rejects a volunteer's request to join."""
    principal.require(Scope.REGISTRY)
    volunteer = await session.get(Volunteer, command.volunteer_id, with_for_update=True)
    if volunteer is None or volunteer.organization_id is None:
        raise DomainError.single("volunteer_id", ErrorCode.NOT_FOUND, "No such membership request.")
    if not (principal.is_admin or principal.administers_organization(volunteer.organization_id)):
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only this organization's admins.")
    if volunteer.membership_status is not MembershipStatus.PENDING:
        raise DomainError.single(
            "decision",
            ErrorCode.INVALID_TRANSITION,
            f"The request is {volunteer.membership_status.value} already.",
        )
    volunteer.membership_status = (
        MembershipStatus.APPROVED
        if command.decision is MembershipDecision.APPROVE
        else MembershipStatus.REJECTED
    )
    audit.record(
        session,
        principal,
        "volunteer.membership_reviewed",
        volunteer,
        region_code=volunteer.region_code,
        details={"decision": command.decision.value},
    )
    return volunteer


def visible_volunteers(principal: Principal) -> Select[Volunteer]:
    """People are not public: offices see their jurisdiction, admins their organization's."""
    return policy.visible(
        principal,
        select(Volunteer),
        region=Volunteer.region_code,
        organization=Volunteer.organization_id,
        volunteer=Volunteer.id,
    )


# An applicant's organization sees them in full to decide; a rejected one is not theirs.
_SHARED_WITH_ORGANIZATION = frozenset({MembershipStatus.PENDING, MembershipStatus.APPROVED})


def may_see_personal_data(principal: Principal, volunteer: Volunteer) -> bool:
    """Phone, email, birth date, home, guardian, consents: the volunteer, the organization
    they serve with (its admins) and ADMIN. No office, however it covers their home: the
    office of an incident reads a volunteer's contacts and position on their assignment
    while it is active (domain/assignments/attendance.py), and no longer."""
    shared = volunteer.membership_status in _SHARED_WITH_ORGANIZATION
    return policy.may_see_personal_data(
        principal,
        organization_id=volunteer.organization_id if shared else None,
        volunteer_id=volunteer.id,
    )


# The profile is read as the contacts are.
may_see_profile = may_see_personal_data


def shown_name(principal: Principal, volunteer: Volunteer) -> str:
    """The volunteer's name as the viewer reads it: in full wherever the volunteer is
    visible, masked (张**) for a partner token without PERSONAL_DATA."""
    if policy.may_see_people(principal):
        return volunteer.display_name
    return masked_name(volunteer.display_name)
