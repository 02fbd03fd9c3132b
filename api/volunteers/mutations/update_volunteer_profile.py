"""The `updateVolunteerProfile` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import date

import strawberry

from api.kernel.mutations import mutation
from api.registry.types import SkillEnum
from api.volunteers.errors import VolunteerError
from api.volunteers.inputs import HomeLocationInput, SkillCertificateInput, certificates
from api.volunteers.types import NotifyByEnum, VolunteerType
from domain.volunteers import profile


@strawberry.input(description="Each field left null stays as it is.")
class UpdateVolunteerProfileInput:
    display_name: str | None = None
    region_code: str | None = None
    skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    certificates: list[SkillCertificateInput] | None = None
    languages: list[str] | None = None
    service_region_codes: list[str] | None = None
    service_radius_km: float | None = None
    home_location: HomeLocationInput | None = None
    birth_date: date | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    guardian_consent: bool | None = None
    notify_by: list[NotifyByEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None,
        description="Beside the portal's inbox, how to be told of proposals and deployments.",
    )

    def fields(self) -> profile.ProfileFields:
        return profile.ProfileFields(
            display_name=self.display_name,
            region_code=self.region_code,
            skills=None if self.skills is None else list(self.skills),
            certificates=certificates(self.certificates),
            languages=self.languages,
            service_region_codes=self.service_region_codes,
            service_radius_km=self.service_radius_km,
            home_location=self.home_location.to_point() if self.home_location else None,
            birth_date=self.birth_date,
            guardian_name=self.guardian_name,
            guardian_phone=self.guardian_phone,
            guardian_consent=self.guardian_consent,
            notify_by=None if self.notify_by is None else list(self.notify_by),
        )


@strawberry.type
class UpdateVolunteerProfilePayload:
    volunteer: VolunteerType | None
    user_errors: list[VolunteerError]


@strawberry.type
class UpdateVolunteerProfile:
    update_volunteer_profile = mutation(
        UpdateVolunteerProfileInput,
        UpdateVolunteerProfilePayload,
        profile.update_volunteer_profile,
        description="The signed-in volunteer changes their own profile.",
    )
