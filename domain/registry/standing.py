"""Whether an account acts for a provider the office verified: what a need's exact point
asks of an organization or volunteer (policy.may_see_exact_location), beside the lists a
signed-in account reads anyway."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.auth.principal import Principal
from domain.kernel.enums import MembershipStatus, OrganizationStatus, VolunteerStatus
from domain.registry.model import Organization, Volunteer


def is_verified_provider(
    organization: Organization | None,
    volunteer: Volunteer | None,
    serves_with: Organization | None,
) -> bool:
    """The account's organization is VERIFIED; or the account is a volunteer the office
    VERIFIED, or an approved member of a VERIFIED organization (`serves_with`)."""
    if organization is not None and organization.status is OrganizationStatus.VERIFIED:
        return True
    if volunteer is None:
        return False
    if volunteer.status is VolunteerStatus.VERIFIED:
        return True
    return (
        volunteer.membership_status is MembershipStatus.APPROVED
        and serves_with is not None
        and serves_with.id == volunteer.organization_id
        and serves_with.status is OrganizationStatus.VERIFIED
    )


async def verified_provider(session: AsyncSession, principal: Principal) -> bool:
    """is_verified_provider for the principal's account, read from the database."""
    if principal.organization_id is None and principal.volunteer_id is None:
        return False
    organization = (
        await session.get(Organization, principal.organization_id)
        if principal.organization_id
        else None
    )
    volunteer = (
        await session.get(Volunteer, principal.volunteer_id) if principal.volunteer_id else None
    )
    serves_with = (
        await session.get(Organization, volunteer.organization_id)
        if volunteer is not None and volunteer.organization_id is not None
        else None
    )
    return is_verified_provider(organization, volunteer, serves_with)
