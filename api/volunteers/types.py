"""The Volunteer type: the person, their profile and when they can serve.

Personal data (phone, email, birth date, home point, guardian, consents) is read in
full only by whoever `domain.registry.volunteers` allows; the rest of the profile is what
an organization needs to deploy the person.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from api.kernel import loaders
from api.kernel.connections import connection
from api.kernel.context import Info
from api.kernel.types import GeoPoint, Node, row_type
from api.registry.types import (
    MembershipStatusEnum,
    OrganizationType,
    RegionType,
    SkillEnum,
    VolunteerStatusEnum,
)
from api.server.execution import reads_ahead
from domain.assignments import hours as work_hours
from domain.assignments.model import Assignment
from domain.kernel.enums import NotifyBy
from domain.kernel.personal_data import mask_phone
from domain.registry import model as rows
from domain.registry import volunteers
from domain.volunteers import availability as schedule

WeekdayEnum = strawberry.enum(schedule.Weekday, name="Weekday")
NotifyByEnum = strawberry.enum(NotifyBy, name="NotifyBy")


@strawberry.type(description="A skill and the certificate held for it.")
class SkillCertificate:
    skill: SkillEnum  # type: ignore[valid-type]
    certificate: str


@strawberry.type(description="Every week on this day, from and until (HH:MM, local time).")
class WeeklySlot:
    weekday: WeekdayEnum  # type: ignore[valid-type]
    from_: str = strawberry.field(name="from")
    until: str


@strawberry.type(description="From one moment to another.")
class DateRange:
    from_: datetime = strawberry.field(name="from")
    until: datetime


@strawberry.type(description="When the volunteer can serve: any weekly slot or range.")
class Availability:
    time_zone: str = strawberry.field(description="IANA zone of the weekly slots.")
    weekly: list[WeeklySlot]
    ranges: list[DateRange]

    @classmethod
    def of(cls, found: schedule.Availability) -> Availability:
        return cls(
            time_zone=found.time_zone,
            weekly=[
                WeeklySlot(weekday=s.weekday, from_=s.start, until=s.until) for s in found.weekly
            ],
            ranges=[DateRange(from_=r.start, until=r.until) for r in found.ranges],
        )


# A volunteer's assignments and hours are typed a layer above (api/assignments), which
# may import this module; strawberry finds those types by name, lazily.
VolunteerAssignments = Annotated[
    "VolunteerAssignmentConnection",  # type: ignore[name-defined]  # noqa: F821
    strawberry.lazy("api.assignments.types"),
]
HoursServed = Annotated[
    "HoursSummaryType",  # type: ignore[name-defined]  # noqa: F821
    strawberry.lazy("api.assignments.types"),
]


def _private(info: Info, root: rows.Volunteer) -> bool:
    return volunteers.may_see_profile(info.context.principal, root)


@row_type(rows.Volunteer, name="Volunteer", description="A person who gives their time.")
class VolunteerType(Node):
    @strawberry.field(
        description="In full wherever the volunteer is shown; masked (张**) for a partner "
        "token without PERSONAL_DATA, which sees counts, not people."
    )
    def display_name(self, root: rows.Volunteer, info: Info) -> str:
        return volunteers.shown_name(info.context.principal, root)

    skills: list[SkillEnum]  # type: ignore[valid-type]
    membership_status: MembershipStatusEnum  # type: ignore[valid-type]
    status: VolunteerStatusEnum = strawberry.field(  # type: ignore[valid-type]
        description="The office's verification: reviewVolunteer."
    )
    review_reason: str | None = strawberry.field(
        description="Why the last reject or suspension, in the office's words."
    )
    reviewed_at: datetime | None
    created_at: datetime
    languages: list[str] = strawberry.field(description="Language tags: zh, en, yue…")
    notify_by: list[NotifyByEnum] = strawberry.field(  # type: ignore[valid-type]
        description="Beside the portal's inbox, how the person is told of proposals."
    )
    service_region_codes: list[str] = strawberry.field(
        description="Regions (each with its subtree) the person serves in."
    )
    service_radius_km: float | None = strawberry.field(
        description="How far from home the person travels, when they said."
    )

    @strawberry.field
    def region(self, root: rows.Volunteer) -> RegionType:
        return RegionType.by_code(root.region_code)

    @strawberry.field(
        description="In full for the person and their organization's admins (and ADMIN); "
        "masked for others. An incident's office reads it on an active assignment."
    )
    def phone(self, root: rows.Volunteer, info: Info) -> str:
        full = volunteers.may_see_personal_data(info.context.principal, root)
        return root.phone if full else mask_phone(root.phone)

    @strawberry.field(description="Null unless the viewer may see it in full.")
    async def email(self, root: rows.Volunteer, info: Info) -> str | None:
        if not volunteers.may_see_personal_data(info.context.principal, root):
            return None
        account = await loaders.account(info.context, root.account_id)
        return account.email if account else None

    organization = loaders.related(OrganizationType, "organization_id")

    @strawberry.field(description="Skills with the certificate held for each, when said.")
    def certificates(self, root: rows.Volunteer) -> list[SkillCertificate]:
        return [
            SkillCertificate(skill=skill, certificate=text)
            for skill, text in sorted((root.certificates or {}).items())
        ]

    @strawberry.field(description="When the person can serve; null: never said.")
    def availability(self, root: rows.Volunteer) -> Availability | None:
        found = schedule.Availability.from_json(root.availability)
        return Availability.of(found) if found else None

    @strawberry.field(description="Personal: the person, their organization, ADMIN.")
    def birth_date(self, root: rows.Volunteer, info: Info) -> date | None:
        return root.birth_date if _private(info, root) else None

    @strawberry.field(description="Personal: the person, their organization, ADMIN.")
    def home_location(self, root: rows.Volunteer, info: Info) -> GeoPoint | None:
        if root.home_latitude is None or root.home_longitude is None or not _private(info, root):
            return None
        return GeoPoint(latitude=root.home_latitude, longitude=root.home_longitude)

    @strawberry.field(description="When the person consented to the use of their data.")
    def consented_at(self, root: rows.Volunteer, info: Info) -> datetime | None:
        return root.consented_at if _private(info, root) else None

    @strawberry.field(description="A minor's guardian. Personal, as birthDate.")
    def guardian_name(self, root: rows.Volunteer, info: Info) -> str | None:
        return root.guardian_name if _private(info, root) else None

    @strawberry.field(description="Personal, as birthDate.")
    def guardian_phone(self, root: rows.Volunteer, info: Info) -> str | None:
        return root.guardian_phone if _private(info, root) else None

    @strawberry.field(description="When the guardian consented. Personal, as birthDate.")
    def guardian_consented_at(self, root: rows.Volunteer, info: Info) -> datetime | None:
        return root.guardian_consented_at if _private(info, root) else None

    @strawberry.field(
        description="The volunteer's assignments the viewer may see (all of them for the "
        "volunteer), in the order they were made."
    )
    async def assignments(
        self,
        root: rows.Volunteer,
        info: Info,
        first: int | None = None,
        after: str | None = None,
    ) -> VolunteerAssignments:
        principal = info.context.principal
        return await connection(
            info,
            Assignment,
            lambda: work_hours.volunteer_assignments(principal, root.id),
            first=first,
            after=after,
        )

    @strawberry.field(
        description="Minutes confirmed, and minutes checked out awaiting confirmation, of "
        "the assignments the viewer may see."
    )
    async def hours(self, root: rows.Volunteer, info: Info) -> HoursServed:
        # The domain's summary has the type's two fields; the type itself is a layer above.
        async with info.context.reading() as session:
            return await work_hours.summary(session, root.id, info.context.principal)


# A page's providers complete in one pass (api/server/completion.py): the name as the
# resolver shows it to this viewer, read without building a resolve info.
reads_ahead(VolunteerType, "display_name")(
    lambda root, ctx, _args: volunteers.shown_name(ctx.principal, root)
)
