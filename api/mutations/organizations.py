"""Organization and volunteer sign-up, review, membership."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.ids import expect_id, optional_id
from api.mutations.base import run_use_case
from api.types.common import UserErrorType
from api.types.registry import (
    AccountType,
    OrganizationKindEnum,
    OrganizationType,
    RoleEnum,
    SkillEnum,
    VolunteerType,
)
from domain.kernel.enums import MembershipDecision, ReviewDecision
from domain.registry import organizations, volunteers
from domain.registry.model import Account, Organization, Volunteer

ReviewDecisionEnum = strawberry.enum(ReviewDecision)
MembershipDecisionEnum = strawberry.enum(MembershipDecision)


@strawberry.input
class RegisterOrganizationInput:
    name: str
    kind: OrganizationKindEnum  # type: ignore[valid-type]
    uscc: str
    region_code: str
    contact_name: str
    contact_phone: str
    contact_email: str
    admin_email: str
    admin_password: str
    service_category_codes: list[str] | None = None


@strawberry.type
class RegisterOrganizationPayload:
    organization: OrganizationType | None
    user_errors: list[UserErrorType]


@strawberry.input
class ReviewOrganizationInput:
    organization_id: strawberry.ID
    decision: ReviewDecisionEnum  # type: ignore[valid-type]
    reason: str | None = None


@strawberry.type
class ReviewOrganizationPayload:
    organization: OrganizationType | None
    user_errors: list[UserErrorType]


@strawberry.input
class AddOrganizationMemberInput:
    organization_id: strawberry.ID
    email: str
    password: str
    role: RoleEnum  # type: ignore[valid-type]
    display_name: str | None = None


@strawberry.type
class AddOrganizationMemberPayload:
    account: AccountType | None
    user_errors: list[UserErrorType]


@strawberry.input
class RegisterVolunteerInput:
    display_name: str
    phone: str
    email: str
    password: str
    region_code: str
    skills: list[SkillEnum]  # type: ignore[valid-type]
    organization_id: strawberry.ID | None = None


@strawberry.type
class RegisterVolunteerPayload:
    volunteer: VolunteerType | None
    user_errors: list[UserErrorType]


@strawberry.input
class ReviewVolunteerMembershipInput:
    volunteer_id: strawberry.ID
    decision: MembershipDecisionEnum  # type: ignore[valid-type]


@strawberry.type
class ReviewVolunteerMembershipPayload:
    volunteer: VolunteerType | None
    user_errors: list[UserErrorType]


@strawberry.type
class OrganizationMutations:
    @strawberry.mutation(description="Anyone: an organization signs up; it starts PENDING.")
    async def register_organization(
        self,
        info: Info,
        input: RegisterOrganizationInput,
    ) -> RegisterOrganizationPayload:
        command = organizations.RegisterOrganization(
            name=input.name,
            kind=input.kind,
            uscc=input.uscc,
            region_code=input.region_code,
            contact_name=input.contact_name,
            contact_phone=input.contact_phone,
            contact_email=input.contact_email,
            admin_email=input.admin_email,
            admin_password=input.admin_password,
            service_category_codes=list(input.service_category_codes or []),
        )
        result, errors = await run_use_case(
            info, lambda s: organizations.register_organization(s, info.context.principal, command)
        )
        return RegisterOrganizationPayload(
            organization=OrganizationType.of(result[0]) if result else None, user_errors=errors
        )

    @strawberry.mutation(description="Office staff whose jurisdiction covers the organization.")
    async def review_organization(
        self,
        info: Info,
        input: ReviewOrganizationInput,
    ) -> ReviewOrganizationPayload:
        async def use_case(session: AsyncSession) -> Organization:
            ident = expect_id(input.organization_id, "Organization", "organizationId")
            return await organizations.review_organization(
                session, info.context.principal, ident, input.decision, input.reason
            )

        row, errors = await run_use_case(info, use_case)
        return ReviewOrganizationPayload(
            organization=OrganizationType.of(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(description="An organization's admin adds a member account.")
    async def add_organization_member(
        self,
        info: Info,
        input: AddOrganizationMemberInput,
    ) -> AddOrganizationMemberPayload:
        async def use_case(session: AsyncSession) -> Account:
            ident = expect_id(input.organization_id, "Organization", "organizationId")
            return await organizations.add_member(
                session,
                info.context.principal,
                ident,
                input.email,
                input.password,
                input.role,
                input.display_name,
            )

        row, errors = await run_use_case(info, use_case)
        return AddOrganizationMemberPayload(
            account=AccountType.of(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(description="Anyone: a volunteer signs up, optionally asking to join.")
    async def register_volunteer(
        self,
        info: Info,
        input: RegisterVolunteerInput,
    ) -> RegisterVolunteerPayload:
        async def use_case(session: AsyncSession) -> Volunteer:
            command = volunteers.RegisterVolunteer(
                display_name=input.display_name,
                phone=input.phone,
                email=input.email,
                password=input.password,
                region_code=input.region_code,
                skills=list(input.skills),
                organization_id=optional_id(
                    input.organization_id, "Organization", "organizationId"
                ),
            )
            return await volunteers.register_volunteer(session, info.context.principal, command)

        row, errors = await run_use_case(info, use_case)
        return RegisterVolunteerPayload(
            volunteer=VolunteerType.of(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(description="The organization's admin answers a request to join.")
    async def review_volunteer_membership(
        self,
        info: Info,
        input: ReviewVolunteerMembershipInput,
    ) -> ReviewVolunteerMembershipPayload:
        async def use_case(session: AsyncSession) -> Volunteer:
            ident = expect_id(input.volunteer_id, "Volunteer", "volunteerId")
            return await volunteers.review_membership(
                session, info.context.principal, ident, input.decision
            )

        row, errors = await run_use_case(info, use_case)
        return ReviewVolunteerMembershipPayload(
            volunteer=VolunteerType.of(row) if row else None, user_errors=errors
        )
