"""Steps the registry tests share: offices with staff, organizations, volunteers, counts.

Partner operations come from docs/partners/operations (tests.integration.documents); the
documents below cover what the registry serves beyond the contract's walk-through.
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import func, select

from domain.kernel.db.base import Base
from tests.client import ApiClient, valid_uscc
from tests.integration.documents import REGISTRY

PASSWORD = "flood-relief-2020"

_serial = itertools.count(1000)

ORGANIZATION_CONTACTS = """
query OrganizationContacts($id: ID!) {
  node(id: $id) { ... on Organization { id status contactPhone contactEmail } }
}
"""

VOLUNTEER_CONTACTS = """
query VolunteerContacts($id: ID!) {
  node(id: $id) { ... on Volunteer { id membershipStatus phone email } }
}
"""

VOLUNTEERS = """
query Volunteers($first: Int, $filter: VolunteerFilter) {
  volunteers(first: $first, filter: $filter) {
    totalCount
    edges { node { id displayName membershipStatus phone email } }
  }
}
"""

ADD_MEMBER = """
mutation AddOrganizationMember($input: AddOrganizationMemberInput!) {
  addOrganizationMember(input: $input) {
    account { id email role organization { id } }
    userErrors { field message code }
  }
}
"""

REVIEW_MEMBERSHIP = """
mutation ReviewVolunteerMembership($input: ReviewVolunteerMembershipInput!) {
  reviewVolunteerMembership(input: $input) {
    volunteer { id membershipStatus }
    userErrors { field message code }
  }
}
"""

SIGN_OUT = """
mutation SignOut { signOut { ok userErrors { field message code } } }
"""

REVOKE_API_TOKEN = """
mutation RevokeApiToken($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) {
    apiToken { id revokedAt }
    userErrors { field message code }
  }
}
"""

API_TOKENS = """
query ApiTokens {
  apiTokens(first: 100) { totalCount edges { node { id name kind scopes revokedAt } } }
}
"""

AUDIT_LOG = """
query AuditLog($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { action entityType entityId actorId regionCode details createdAt } }
  }
}
"""


def unique_email(prefix: str) -> str:
    return f"{prefix}-{next(_serial)}@example.org"


async def sign_in(api: ApiClient, email: str, password: str = PASSWORD) -> str:
    """A session token; fails the test when sign-in is refused."""
    signed_in = await api.mutate(
        "signIn", REGISTRY["SignIn"], {"email": email, "password": password}
    )
    assert signed_in["userErrors"] == [], signed_in
    return str(signed_in["token"])


async def create_office(api: ApiClient, admin: str, region_code: str) -> str:
    """The global id of a new office for this jurisdiction."""
    created = await api.mutate(
        "createOffice",
        REGISTRY["CreateOffice"],
        {"name": f"{region_code} 民政局", "regionCode": region_code},
        admin,
    )
    assert created["userErrors"] == [], created
    return str(created["office"]["id"])


async def create_staff(
    api: ApiClient, creator: str, office_id: str, role: str = "OFFICE_STAFF"
) -> str:
    """A signed-in token of a new account of this office, made by `creator`."""
    email = unique_email(role.lower())
    created = await api.mutate(
        "createAccount",
        REGISTRY["CreateAccount"],
        {"email": email, "password": PASSWORD, "role": role, "officeId": office_id},
        creator,
    )
    assert created["userErrors"] == [], created
    return await sign_in(api, email)


async def office_staff(
    api: ApiClient, admin: str, region_code: str, role: str = "OFFICE_STAFF"
) -> str:
    """A signed-in token of staff of a new office for this jurisdiction."""
    return await create_staff(api, admin, await create_office(api, admin, region_code), role)


def organization_input(seed: int, region_code: str = "341503", **overrides: Any) -> dict[str, Any]:
    """A valid registerOrganization input, distinct for each seed."""
    values: dict[str, Any] = {
        "name": f"救援队 {seed}",
        "kind": "EMERGENCY_RESCUE_TEAM",
        "uscc": valid_uscc(seed),
        "regionCode": region_code,
        "contactName": "王队长",
        "contactPhone": "13812345678",
        "contactEmail": f"team{seed}@example.org",
        "adminEmail": f"captain{seed}@example.org",
        "adminPassword": PASSWORD,
        "serviceCategoryCodes": ["RESCUE_TEAM"],
    }
    values.update(overrides)
    return values


async def register_organization(
    api: ApiClient, seed: int, region_code: str = "341503", **overrides: Any
) -> tuple[str, str]:
    """(organization id, its ORG_ADMIN's token) of a new PENDING organization."""
    values = organization_input(seed, region_code, **overrides)
    registered = await api.mutate("registerOrganization", REGISTRY["RegisterOrganization"], values)
    assert registered["userErrors"] == [], registered
    return str(registered["organization"]["id"]), await sign_in(api, values["adminEmail"])


async def review(
    api: ApiClient, token: str, organization_id: str, decision: str, reason: str | None = None
) -> dict[str, Any]:
    """The reviewOrganization payload."""
    return await api.mutate(
        "reviewOrganization",
        REGISTRY["ReviewOrganization"],
        {"organizationId": organization_id, "decision": decision, "reason": reason},
        token,
    )


async def verified_organization(
    api: ApiClient, admin: str, seed: int, region_code: str = "341503", **overrides: Any
) -> tuple[str, str]:
    """(organization id, its ORG_ADMIN's token) of an organization ADMIN approved."""
    organization_id, org_admin = await register_organization(api, seed, region_code, **overrides)
    approved = await review(api, admin, organization_id, "APPROVE")
    assert approved["userErrors"] == [], approved
    return organization_id, org_admin


async def add_member(api: ApiClient, org_admin: str, organization_id: str) -> str:
    """A signed-in ORG_MEMBER token of this organization."""
    email = unique_email("member")
    added = await api.mutate(
        "addOrganizationMember",
        ADD_MEMBER,
        {
            "organizationId": organization_id,
            "email": email,
            "password": PASSWORD,
            "role": "ORG_MEMBER",
        },
        org_admin,
    )
    assert added["userErrors"] == [], added
    return await sign_in(api, email)


def volunteer_input(region_code: str = "341503", **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "displayName": "小李",
        "phone": "13900001111",
        "email": unique_email("volunteer"),
        "password": PASSWORD,
        "regionCode": region_code,
        "skills": ["PSYCHOLOGICAL_COUNSELING", "DRIVING"],
    }
    values.update(overrides)
    return values


async def register_volunteer(
    api: ApiClient, region_code: str = "341503", **overrides: Any
) -> tuple[str, str]:
    """(volunteer id, the volunteer's token)."""
    values = volunteer_input(region_code, **overrides)
    registered = await api.mutate("registerVolunteer", REGISTRY["RegisterVolunteer"], values)
    assert registered["userErrors"] == [], registered
    return str(registered["volunteer"]["id"]), await sign_in(api, values["email"])


async def row_counts(api: ApiClient) -> dict[str, int]:
    """Rows per table, read straight from the database."""
    counts: dict[str, int] = {}
    async with api.db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = await session.scalar(select(func.count()).select_from(table)) or 0
    return counts


def codes(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    """(field, code) of each userError of a payload."""
    return [(e["field"], e["code"]) for e in payload["userErrors"]]
