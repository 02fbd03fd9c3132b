"""A volunteer's profile: what they can do, where, in which languages, and the consents
their personal data is kept under (a guardian's too, for a volunteer under 18)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import NotifyBy, Skill
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.registry.model import Volunteer
from domain.volunteers import availability

ADULT_AGE = 18
MAX_LANGUAGES = 10
MAX_SERVICE_REGIONS = 20
MAX_RADIUS_KM = 500.0
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")
# Ages are counted on the calendar the volunteer lives by.
_LOCAL = ZoneInfo(availability.DEFAULT_TIME_ZONE)


@dataclass(frozen=True, slots=True)
class Point:
    latitude: float
    longitude: float


def check_point(errors: Errors, name: str, point: Point) -> None:
    if not -90 <= point.latitude <= 90:
        errors.add((name, "latitude"), ErrorCode.INVALID, "Latitude lies in [-90, 90].")
    if not -180 <= point.longitude <= 180:
        errors.add((name, "longitude"), ErrorCode.INVALID, "Longitude lies in [-180, 180].")


@dataclass(frozen=True, slots=True)
class SkillCertificate:
    skill: Skill
    certificate: str


@dataclass(frozen=True, slots=True)
class ProfileFields:
    """What sign-up and `updateVolunteerProfile` set; None leaves a field as it is."""

    display_name: str | None = None
    region_code: str | None = None
    skills: list[Skill] | None = None
    certificates: list[SkillCertificate] | None = None
    languages: list[str] | None = None
    service_region_codes: list[str] | None = None
    service_radius_km: float | None = None
    home_location: Point | None = None
    birth_date: date | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    guardian_consent: bool | None = None
    notify_by: list[NotifyBy] | None = None


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def apply(errors: Errors, volunteer: Volunteer, fields: ProfileFields, now: datetime) -> None:
    """Check every given field and set it on the volunteer; the caller raises on errors."""
    if fields.display_name is not None:
        name = validation.text(errors, "display_name", fields.display_name, max_length=100)
        volunteer.display_name = name or volunteer.display_name
    if fields.region_code is not None:
        region = validation.region(errors, "region_code", fields.region_code)
        volunteer.region_code = region.code if region else volunteer.region_code
    if fields.skills is not None:
        volunteer.skills = sorted({s.value for s in fields.skills})
    if fields.certificates is not None:
        volunteer.certificates = _certificates(errors, fields.certificates, volunteer.skills)
    if fields.languages is not None:
        volunteer.languages = _languages(errors, fields.languages)
    if fields.service_region_codes is not None:
        volunteer.service_region_codes = _regions(errors, fields.service_region_codes)
    if fields.service_radius_km is not None:
        radius = fields.service_radius_km
        if not (math.isfinite(radius) and 0 < radius <= MAX_RADIUS_KM):
            errors.add("service_radius_km", ErrorCode.INVALID, "Between 0 and 500 km.")
        volunteer.service_radius_km = radius
    if fields.home_location is not None:
        check_point(errors, "home_location", fields.home_location)
        volunteer.home_latitude = fields.home_location.latitude
        volunteer.home_longitude = fields.home_location.longitude
    if fields.birth_date is not None:
        volunteer.birth_date = fields.birth_date
    if fields.notify_by is not None:
        # Said once each, in a stable order; none at all leaves the inbox alone.
        volunteer.notify_by = [c.value for c in NotifyBy if c in fields.notify_by]
    _guardian(errors, volunteer, fields, now)


def _certificates(
    errors: Errors, given: list[SkillCertificate], skills: list[str]
) -> dict[str, str]:
    held: dict[str, str] = {}
    for k, item in enumerate(given):
        path = ("certificates", str(k))
        text = validation.text(errors, path, item.certificate, max_length=200)  # type: ignore[arg-type]
        if item.skill.value not in skills:
            errors.add(path, ErrorCode.INVALID, "A certificate is for one of your skills.")
        elif text:
            held[item.skill.value] = text
    return held


def _languages(errors: Errors, given: list[str]) -> list[str]:
    if len(given) > MAX_LANGUAGES:
        errors.add("languages", ErrorCode.TOO_LONG, f"At most {MAX_LANGUAGES} languages.")
        return []
    tags = [tag.strip() for tag in given if tag.strip()]
    for k, tag in enumerate(tags):
        if not _LANGUAGE.match(tag):
            errors.add(("languages", str(k)), ErrorCode.INVALID, "A language tag: zh, en, yue…")
    return list(dict.fromkeys(tags))


def _regions(errors: Errors, given: list[str]) -> list[str]:
    if len(given) > MAX_SERVICE_REGIONS:
        errors.add("service_region_codes", ErrorCode.TOO_LONG, "At most 20 regions.")
        return []
    found = [
        validation.region(errors, ("service_region_codes", str(k)), c) for k, c in enumerate(given)
    ]
    return sorted({r.code for r in found if r is not None})


def _guardian(errors: Errors, volunteer: Volunteer, fields: ProfileFields, now: datetime) -> None:
    if fields.guardian_name is not None:
        volunteer.guardian_name = validation.text(
            errors, "guardian_name", fields.guardian_name, max_length=100, required=False
        )
    if fields.guardian_phone is not None:
        volunteer.guardian_phone = (
            validation.phone(errors, "guardian_phone", fields.guardian_phone)
            if fields.guardian_phone.strip()
            else None
        )
    if fields.guardian_consent:
        volunteer.guardian_consented_at = volunteer.guardian_consented_at or now
    elif fields.guardian_consent is False:
        volunteer.guardian_consented_at = None
    birth = volunteer.birth_date
    if birth is None:
        return
    today = now.astimezone(_LOCAL).date()
    if birth >= today or age_on(birth, today) > 120:
        errors.add("birth_date", ErrorCode.INVALID, "Not a plausible birth date.")
        return
    if age_on(birth, today) >= ADULT_AGE:
        return
    # A minor serves with a guardian's consent, recorded with its time.
    for name, value in (
        ("guardian_name", volunteer.guardian_name),
        ("guardian_phone", volunteer.guardian_phone),
        ("guardian_consent", volunteer.guardian_consented_at),
    ):
        if not value and not errors.has(name):
            errors.add(name, ErrorCode.REQUIRED, "Needed for a volunteer under 18.")


@dataclass(frozen=True, slots=True)
class UpdateVolunteerProfile:
    fields: ProfileFields


async def update_volunteer_profile(
    session: AsyncSession, principal: Principal, command: UpdateVolunteerProfile
) -> Volunteer:
    """The signed-in volunteer changes their own profile."""
    volunteer = await own_volunteer(session, principal)
    errors = Errors()
    apply(errors, volunteer, command.fields, utcnow())
    errors.raise_if_any()
    audit.record(
        session,
        principal,
        "volunteer.profile_updated",
        volunteer,
        region_code=volunteer.region_code,
    )
    return volunteer


async def own_volunteer(session: AsyncSession, principal: Principal) -> Volunteer:
    """The signed-in volunteer's row, locked for the change."""
    principal.require_signed_in()
    if principal.volunteer_id is None:
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only a volunteer has a profile.")
    volunteer = await session.get(Volunteer, principal.volunteer_id, with_for_update=True)
    if volunteer is None:
        raise DomainError.single(None, ErrorCode.NOT_FOUND, "No such volunteer.")
    return volunteer
