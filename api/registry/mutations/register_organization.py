"""The `registerOrganization` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry

from api.kernel.context import Info
from api.kernel.use_cases import run_use_case
from api.registry.errors import OrganizationError
from api.registry.types import (
    OrganizationKindEnum,
    OrganizationType,
)
from domain.registry import organizations


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
    user_errors: list[OrganizationError]


@strawberry.type
class RegisterOrganization:
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
            organization=OrganizationType.of(result[0]) if result else None,
            user_errors=OrganizationError.all_of(errors),
        )
