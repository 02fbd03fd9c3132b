"""Registry steps: offices with staff, organizations, members, volunteers, sign-in, counts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func, select

from domain.kernel.db.base import Base
from tests.client import ApiClient, valid_uscc
from tests.integration.documents import REGISTRY
from tests.steps.registry_documents import ADD_MEMBER
from tests.steps.volunteers import unique_phone, with_code

PASSWORD = "flood-relief-2020"

_serial = itertools.count(1000)


@dataclass(frozen=True)
class Office:
    id: str
    token: str


@dataclass(frozen=True)
class Provider:
    id: str
    token: str


def unique_email(prefix: str) -> str:
    return f"{prefix}-{next(_serial)}@example.org"


async def sign_in(api: ApiClient, email: str, password: str = PASSWORD) -> str:
    """A session token; fails the test when sign-in is refused."""
    signed_in = await api.mutate(
        "signIn", REGISTRY["SignIn"], {"email": email, "password": password}
    )
    assert signed_in["userErrors"] == [], signed_in
    return str(signed_in["token"])


async def create_office(
    api: ApiClient, admin: str, region_code: str, name: str | None = None
) -> str:
    """The global id of a new office for this jurisdiction."""
    created = await api.mutate(
        "createOffice",
        REGISTRY["CreateOffice"],
        {"name": name or f"{region_code} 民政局", "regionCode": region_code},
        admin,
    )
    assert created["userErrors"] == [], created
    return str(created["office"]["id"])


async def create_staff(
    api: ApiClient,
    creator: str,
    office_id: str,
    role: str = "OFFICE_STAFF",
    email: str | None = None,
) -> str:
    """A signed-in token of a new account of this office, made by `creator`."""
    email = email or unique_email(role.lower())
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


async def office_with_staff(api: ApiClient, admin: str, region_code: str, name: str) -> Office:
    """An office for the region and a signed-in OFFICE_STAFF member of it."""
    office_id = await create_office(api, admin, region_code, name)
    email = f"staff-{region_code}-{office_id[-6:]}@gov.example.cn"
    return Office(office_id, await create_staff(api, admin, office_id, email=email))


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


async def pending_organization(
    api: ApiClient, seed: int, region_code: str = "341503", **overrides: Any
) -> str:
    """The id of a new organization signed up and PENDING review; nobody signs in."""
    values = organization_input(seed, region_code, **overrides)
    registered = await api.mutate("registerOrganization", REGISTRY["RegisterOrganization"], values)
    assert registered["userErrors"] == [], registered
    return str(registered["organization"]["id"])


async def register_organization(
    api: ApiClient, seed: int, region_code: str = "341503", **overrides: Any
) -> tuple[str, str]:
    """(organization id, its ORG_ADMIN's token) of a new PENDING organization."""
    organization_id = await pending_organization(api, seed, region_code, **overrides)
    admin_email = organization_input(seed, region_code, **overrides)["adminEmail"]
    return organization_id, await sign_in(api, admin_email)


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
    api: ApiClient, reviewer: str, seed: int, region_code: str = "341503", **overrides: Any
) -> Provider:
    """An organization `reviewer` approved, and its ORG_ADMIN signed in."""
    organization_id, org_admin = await register_organization(api, seed, region_code, **overrides)
    approved = await review(api, reviewer, organization_id, "APPROVE")
    assert approved["userErrors"] == [], approved
    return Provider(organization_id, org_admin)


async def approve_naming_the_request(
    api: ApiClient, reviewer: str, organization_id: str, request_id: str
) -> httpx.Response:
    """`reviewOrganization` APPROVE sent with an `X-Request-ID` header; the raw response."""
    return await api.http.post(
        "/graphql",
        json={
            "query": REGISTRY["ReviewOrganization"],
            "variables": {"input": {"organizationId": organization_id, "decision": "APPROVE"}},
        },
        headers={"authorization": f"Bearer {reviewer}", "X-Request-ID": request_id},
    )


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
        "phone": unique_phone(),
        "email": unique_email("volunteer"),
        "password": PASSWORD,
        "regionCode": region_code,
        "skills": ["PSYCHOLOGICAL_COUNSELING", "DRIVING"],
        "phoneCode": "000000",  # replaced by the code sent, see with_code
        "consentToPersonalData": True,
        "birthDate": "1990-05-01",
    }
    values.update(overrides)
    return values


async def register_volunteer(
    api: ApiClient, region_code: str = "341503", **overrides: Any
) -> tuple[str, str]:
    """(volunteer id, the volunteer's token)."""
    values = await with_code(api, volunteer_input(region_code, **overrides))
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
