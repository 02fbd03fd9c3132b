"""The registry contract, walked as a newcomer would in GraphiQL."""

from __future__ import annotations

from tests.client import ApiClient, valid_uscc
from tests.integration.documents import REGISTRY

PASSWORD = "flood-relief-2020"


async def test_office_staff_sign_in_and_approve_an_organization(api: ApiClient) -> None:
    # given an ADMIN token and a prefecture office for Lu'an
    admin = await api.admin_token()
    office = await api.mutate(
        "createOffice",
        REGISTRY["CreateOffice"],
        {"name": "六安市民政局", "regionCode": "341500"},
        admin,
    )
    assert office["userErrors"] == []
    assert office["office"]["region"] == {"code": "341500", "name": "六安市", "level": "PREFECTURE"}

    # when the admin creates a staff account and the staff member signs in
    staff = await api.mutate(
        "createAccount",
        REGISTRY["CreateAccount"],
        {
            "email": "staff@luan.gov.cn",
            "password": PASSWORD,
            "role": "OFFICE_STAFF",
            "officeId": office["office"]["id"],
        },
        admin,
    )
    assert staff["userErrors"] == []
    signed_in = await api.mutate(
        "signIn", REGISTRY["SignIn"], {"email": "staff@luan.gov.cn", "password": PASSWORD}
    )
    staff_token = signed_in["token"]
    assert signed_in["account"]["role"] == "OFFICE_STAFF"

    # and a charity in Yu'an district signs up
    registered = await api.mutate(
        "registerOrganization",
        REGISTRY["RegisterOrganization"],
        {
            "name": "裕安区蓝天救援队",
            "kind": "EMERGENCY_RESCUE_TEAM",
            "uscc": valid_uscc(1),
            "regionCode": "341503",
            "contactName": "王队长",
            "contactPhone": "13812345678",
            "contactEmail": "team@example.org",
            "adminEmail": "captain@example.org",
            "adminPassword": PASSWORD,
            "serviceCategoryCodes": ["RESCUE_TEAM"],
        },
    )
    assert registered["userErrors"] == []
    organization = registered["organization"]
    assert organization["status"] == "PENDING"

    # then the Lu'an staff member approves it
    reviewed = await api.mutate(
        "reviewOrganization",
        REGISTRY["ReviewOrganization"],
        {"organizationId": organization["id"], "decision": "APPROVE"},
        staff_token,
    )
    assert reviewed == {
        "organization": {"id": organization["id"], "status": "VERIFIED"},
        "userErrors": [],
    }

    # and the public list shows it, with its phone masked for anonymous viewers
    listed = await api.gql(
        REGISTRY["Organizations"], {"first": 10, "filter": {"regionCode": "340000"}}
    )
    edges = listed["organizations"]["edges"]
    assert [e["node"]["name"] for e in edges] == ["裕安区蓝天救援队"]
    assert edges[0]["node"]["contactPhone"] == "+86 138****5678"

    # and the covering office sees it in full
    listed = await api.gql(REGISTRY["Organizations"], {"first": 10}, staff_token)
    assert listed["organizations"]["edges"][0]["node"]["contactPhone"] == "+8613812345678"


async def test_an_office_outside_the_jurisdiction_is_refused(api: ApiClient) -> None:
    # given a pending organization in Lu'an and an office for Hefei
    admin = await api.admin_token()
    hefei = await api.mutate(
        "createOffice",
        REGISTRY["CreateOffice"],
        {"name": "合肥市民政局", "regionCode": "340100"},
        admin,
    )
    await api.mutate(
        "createAccount",
        REGISTRY["CreateAccount"],
        {
            "email": "staff@hefei.gov.cn",
            "password": PASSWORD,
            "role": "OFFICE_STAFF",
            "officeId": hefei["office"]["id"],
        },
        admin,
    )
    token = (
        await api.mutate(
            "signIn", REGISTRY["SignIn"], {"email": "staff@hefei.gov.cn", "password": PASSWORD}
        )
    )["token"]
    registered = await api.mutate(
        "registerOrganization",
        REGISTRY["RegisterOrganization"],
        {
            "name": "六安社工",
            "kind": "SOCIAL_WORK_AGENCY",
            "uscc": valid_uscc(2),
            "regionCode": "341503",
            "contactName": "李",
            "contactPhone": "13900001111",
            "contactEmail": "sw@example.org",
            "adminEmail": "sw-admin@example.org",
            "adminPassword": PASSWORD,
        },
    )
    organization_id = registered["organization"]["id"]

    # when the Hefei office tries to approve it
    reviewed = await api.mutate(
        "reviewOrganization",
        REGISTRY["ReviewOrganization"],
        {"organizationId": organization_id, "decision": "APPROVE"},
        token,
    )

    # then it is refused and nothing changes
    assert reviewed["organization"] is None
    assert reviewed["userErrors"][0]["code"] == "OUT_OF_JURISDICTION"
    node = await api.gql(REGISTRY["Node"], {"id": organization_id}, admin)
    assert node["node"]["__typename"] == "Organization"
    listed = await api.gql(REGISTRY["Organizations"], {"filter": {"status": "PENDING"}}, admin)
    assert listed["organizations"]["totalCount"] == 1
