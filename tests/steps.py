"""Steps most stories start with, through the public API only."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tests.client import ApiClient, valid_uscc
from tests.integration.documents import MATCHING, REGISTRY

PASSWORD = "flood-relief-2020"


@dataclass(frozen=True)
class Office:
    id: str
    token: str


@dataclass(frozen=True)
class Provider:
    id: str
    token: str


async def office_with_staff(api: ApiClient, admin: str, region_code: str, name: str) -> Office:
    """An office for the region and a signed-in OFFICE_STAFF member of it."""
    office = await api.mutate(
        "createOffice", REGISTRY["CreateOffice"], {"name": name, "regionCode": region_code}, admin
    )
    office_id = office["office"]["id"]
    email = f"staff-{region_code}-{office_id[-6:]}@gov.example.cn"
    created = await api.mutate(
        "createAccount",
        REGISTRY["CreateAccount"],
        {"email": email, "password": PASSWORD, "role": "OFFICE_STAFF", "officeId": office_id},
        admin,
    )
    assert created["userErrors"] == [], created
    signed = await api.mutate("signIn", REGISTRY["SignIn"], {"email": email, "password": PASSWORD})
    return Office(office_id, signed["token"])


async def pending_organization(api: ApiClient, name: str, region_code: str, *, seed: int) -> str:
    """An organization signed up (PENDING review); returns its id."""
    registered = await api.mutate(
        "registerOrganization",
        REGISTRY["RegisterOrganization"],
        {
            "name": name,
            "kind": "CHARITY",
            "uscc": valid_uscc(seed),
            "regionCode": region_code,
            "contactName": "联系人",
            "contactPhone": "13812345678",
            "contactEmail": f"contact{seed}@org.example.org",
            "adminEmail": f"admin{seed}@org.example.org",
            "adminPassword": PASSWORD,
        },
    )
    assert registered["userErrors"] == [], registered
    return str(registered["organization"]["id"])


async def verified_organization(
    api: ApiClient, reviewer: str, name: str, region_code: str, *, seed: int
) -> Provider:
    """An organization signed up, approved by `reviewer`, and its admin signed in."""
    organization_id = await pending_organization(api, name, region_code, seed=seed)
    reviewed = await api.mutate(
        "reviewOrganization",
        REGISTRY["ReviewOrganization"],
        {"organizationId": organization_id, "decision": "APPROVE"},
        reviewer,
    )
    assert reviewed["userErrors"] == [], reviewed
    email = f"admin{seed}@org.example.org"
    signed = await api.mutate("signIn", REGISTRY["SignIn"], {"email": email, "password": PASSWORD})
    return Provider(organization_id, signed["token"])


async def flood_incident(api: ApiClient, office: Office, region_codes: list[str]) -> str:
    created = await api.mutate(
        "createIncident",
        MATCHING["CreateIncident"],
        {
            "name": "2020年7月六安洪涝",
            "hazard": "FLOOD",
            "responseLevel": "LEVEL_II",
            "regionCodes": region_codes,
            "startedAt": "2020-07-19T08:00:00+08:00",
        },
        office.token,
    )
    assert created["userErrors"] == [], created
    return str(created["incident"]["id"])


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
