"""The `registerOrganization` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import OrganizationError
from api.registry.types import OrganizationKindEnum, OrganizationType
from domain.registry import organizations
from domain.registry.model import Account, Organization


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


def registered(result: tuple[Organization, Account]) -> dict[str, object]:
    """The organization; its admin account signs in for itself."""
    return {"organization": result[0]}


@strawberry.type
class RegisterOrganization:
    register_organization = mutation(
        RegisterOrganizationInput,
        RegisterOrganizationPayload,
        organizations.register_organization,
        answer=registered,
        description="Anyone: an organization signs up; it starts PENDING.",
    )
