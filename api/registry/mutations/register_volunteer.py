"""The `registerVolunteer` mutation: its input, its payload and its use case.

A wrong phone code is counted in a unit of work of its own first, so the refused
sign-up (rolled back whole) still uses up one of the code's few tries.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import strawberry

from api.kernel.context import Info
from api.kernel.ids import optional_id
from api.kernel.mutations import MutationSpec
from api.registry.types import LocaleEnum, SkillEnum
from api.volunteers.errors import VolunteerError
from api.volunteers.inputs import HomeLocationInput, SkillCertificateInput, certificates
from api.volunteers.types import VolunteerType
from domain.kernel import validation
from domain.kernel.enums import Locale
from domain.kernel.errors import Errors
from domain.registry import volunteers
from domain.volunteers import phone_codes
from domain.volunteers.profile import Point, SkillCertificate


@strawberry.input
class RegisterVolunteerInput:
    display_name: str
    phone: str
    email: str
    password: str
    region_code: str
    skills: list[SkillEnum]  # type: ignore[valid-type]
    phone_code: str = strawberry.field(description="The code requestPhoneCode sent.")
    consent_to_personal_data: bool = strawberry.field(
        description="Must be true: the person consents to the use of their personal data."
    )
    birth_date: date
    organization_id: strawberry.ID | None = None
    certificates: list[SkillCertificateInput] | None = None
    languages: list[str] | None = None
    service_region_codes: list[str] | None = None
    service_radius_km: float | None = None
    home_location: HomeLocationInput | None = None
    guardian_name: str | None = strawberry.field(default=None, description="Under 18.")
    guardian_phone: str | None = strawberry.field(default=None, description="Under 18.")
    guardian_consent: bool | None = strawberry.field(default=None, description="Under 18.")
    locale: LocaleEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None,
        description="The account's language for messages and pages; zh-CN if left out.",
    )

    def certificates_given(self) -> list[SkillCertificate] | None:
        return certificates(self.certificates)

    def home_point(self) -> Point | None:
        return self.home_location.to_point() if self.home_location else None


@strawberry.type
class RegisterVolunteerPayload:
    volunteer: VolunteerType | None
    user_errors: list[VolunteerError]


def _command(input: RegisterVolunteerInput) -> volunteers.RegisterVolunteer:
    return volunteers.RegisterVolunteer(
        display_name=input.display_name,
        phone=input.phone,
        email=input.email,
        password=input.password,
        region_code=input.region_code,
        skills=list(input.skills),
        phone_code=input.phone_code,
        consent_to_personal_data=input.consent_to_personal_data,
        birth_date=input.birth_date,
        organization_id=None,
        certificates=input.certificates_given() or [],
        languages=input.languages or [],
        service_region_codes=input.service_region_codes or [],
        service_radius_km=input.service_radius_km,
        home_location=input.home_point(),
        guardian_name=input.guardian_name,
        guardian_phone=input.guardian_phone,
        guardian_consent=input.guardian_consent,
        locale=input.locale or Locale.ZH_CN,
    )


class _Spec(MutationSpec[RegisterVolunteerInput, volunteers.RegisterVolunteer, object]):
    """The command is built by hand: certificates and the home point come as inputs."""

    def command(self, input: RegisterVolunteerInput) -> volunteers.RegisterVolunteer:
        joining = optional_id(input.organization_id, "Organization", "organization_id")
        return dataclasses.replace(_command(input), organization_id=joining)


SPEC = _Spec(RegisterVolunteerInput, RegisterVolunteerPayload, volunteers.register_volunteer)


async def _count_wrong_try(info: Info, input: RegisterVolunteerInput) -> None:
    phone = validation.phone(Errors(), "phone", input.phone)
    if phone is None:
        return
    await info.context.db.run(
        lambda session: phone_codes.count_wrong_try(session, phone, input.phone_code)
    )


async def resolve(info: Info, input: RegisterVolunteerInput) -> RegisterVolunteerPayload:
    await _count_wrong_try(info, input)
    return await SPEC.run(info, input)


resolve.spec = SPEC  # type: ignore[attr-defined]  # read by the tests of error codes


@strawberry.type
class RegisterVolunteer:
    register_volunteer: RegisterVolunteerPayload = strawberry.mutation(
        resolver=resolve,
        description="Anyone: a volunteer signs up with the code sent to their phone, "
        "consenting to the use of their personal data, optionally asking to join.",
    )
