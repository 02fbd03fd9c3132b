"""Cursor connections over the registry, and the audit log of every state change."""

from __future__ import annotations

from typing import Any

import pytest

from tests.client import ApiClient
from tests.integration.documents import REGISTRY
from tests.steps.registry import (
    PASSWORD,
    create_office,
    organization_input,
    register_organization,
    register_volunteer,
    review,
    sign_in,
)
from tests.steps.registry_documents import (
    ADD_MEMBER,
    AUDIT_LOG,
    REVIEW_MEMBERSHIP,
    REVOKE_API_TOKEN,
    SIGN_OUT,
)

# organization i: its region cycles through two Lu'an counties and a Hefei district
REGIONS = ("341503", "341502", "340102")


def _kind(i: int) -> str:
    return "CHARITY" if i % 2 else "EMERGENCY_RESCUE_TEAM"


async def _registry_of_25(api: ApiClient, admin: str) -> list[str]:
    """25 VERIFIED organizations (ids in creation order) and 2 PENDING ones."""
    ids = []
    for i in range(27):
        values = organization_input(i + 1, REGIONS[i % 3], kind=_kind(i), name=f"组织 {i:02d}")
        registered = await api.mutate(
            "registerOrganization", REGISTRY["RegisterOrganization"], values
        )
        assert registered["userErrors"] == []
        ids.append(registered["organization"]["id"])
    for organization_id in ids[:25]:
        assert (await review(api, admin, organization_id, "APPROVE"))["userErrors"] == []
    return ids[:25]


async def _walk(
    api: ApiClient, first: int, filter: dict[str, Any] | None = None, token: str = ""
) -> tuple[list[list[str]], list[int]]:
    """Every page of the organizations list: (ids per page, totalCount per page)."""
    pages: list[list[str]] = []
    totals: list[int] = []
    after = None
    while True:
        variables = {"first": first, "after": after, "filter": filter}
        connection = (await api.gql(REGISTRY["Organizations"], variables, token))["organizations"]
        edges = connection["edges"]
        pages.append([e["node"]["id"] for e in edges])
        totals.append(connection["totalCount"])
        info = connection["pageInfo"]
        assert info["endCursor"] == (edges[-1]["cursor"] if edges else None)
        if not info["hasNextPage"]:
            return pages, totals
        assert len(pages) < 10, "the pages never end"
        after = info["endCursor"]


async def test_pages_of_ten_walk_25_organizations(api: ApiClient) -> None:
    # given 25 verified organizations (and 2 pending, which the public does not see)
    admin = await api.admin_token()
    ids = await _registry_of_25(api, admin)

    # when anybody pages through them ten at a time
    pages, totals = await _walk(api, 10)

    # then the pages hold 10, 10 and 5, in creation order, each counting all 25
    assert [len(p) for p in pages] == [10, 10, 5]
    assert [i for page in pages for i in page] == ids
    assert totals == [25, 25, 25]


async def test_filters_narrow_the_list_and_its_count(api: ApiClient) -> None:
    # given
    admin = await api.admin_token()
    ids = await _registry_of_25(api, admin)

    def expected(keep: Any) -> list[str]:
        return [ident for i, ident in enumerate(ids) if keep(i)]

    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        ({"regionCode": "341500"}, "", expected(lambda i: REGIONS[i % 3].startswith("3415"))),
        ({"regionCode": "341503"}, "", expected(lambda i: REGIONS[i % 3] == "341503")),
        ({"regionCode": "340000"}, "", ids),
        ({"regionCode": "420000"}, "", []),
        ({"kind": "CHARITY"}, "", expected(lambda i: _kind(i) == "CHARITY")),
        (
            {"kind": "CHARITY", "regionCode": "340100"},
            "",
            expected(lambda i: _kind(i) == "CHARITY" and REGIONS[i % 3] == "340102"),
        ),
        ({"status": "VERIFIED"}, admin, ids),
        ({"status": "PENDING"}, "", []),
    ]
    for filter, token, wanted in cases:
        # when the list is walked four at a time with the filter
        pages, totals = await _walk(api, 4, filter, token)

        # then it holds exactly the matching organizations, counted on every page
        assert [i for page in pages for i in page] == wanted, filter
        assert set(totals) == {len(wanted)}, filter
    pending = await api.gql(REGISTRY["Organizations"], {"filter": {"status": "PENDING"}}, admin)
    assert pending["organizations"]["totalCount"] == 2


async def _account_id(api: ApiClient, token: str) -> str:
    return str((await api.gql(REGISTRY["Viewer"], token=token))["viewer"]["id"])


async def _entries(api: ApiClient, token: str, **filter: Any) -> list[dict[str, Any]]:
    log = await api.gql(AUDIT_LOG, {"first": 100, "filter": filter or None}, token)
    assert log["auditLog"]["pageInfo"]["hasNextPage"] is False
    return [e["node"] for e in log["auditLog"]["edges"]]


async def test_every_state_change_leaves_an_audit_entry(api: ApiClient) -> None:
    # given every use case of the registry, each done once
    admin = await api.admin_token()
    office_id = await create_office(api, admin, "341500")
    made_admin = await api.mutate(
        "createAccount",
        REGISTRY["CreateAccount"],
        {
            "email": "lead@luan.gov.cn",
            "password": PASSWORD,
            "role": "OFFICE_ADMIN",
            "officeId": office_id,
        },
        admin,
    )
    office_admin = await sign_in(api, "lead@luan.gov.cn")
    organization_id, org_admin = await register_organization(api, 1)
    await review(api, office_admin, organization_id, "APPROVE")
    member = await api.mutate(
        "addOrganizationMember",
        ADD_MEMBER,
        {
            "organizationId": organization_id,
            "email": "m@example.org",
            "password": PASSWORD,
            "role": "ORG_MEMBER",
        },
        org_admin,
    )
    volunteer_id, volunteer = await register_volunteer(api, organizationId=organization_id)
    await api.mutate(
        "reviewVolunteerMembership",
        REVIEW_MEMBERSHIP,
        {"volunteerId": volunteer_id, "decision": "APPROVE"},
        org_admin,
    )
    token = await api.mutate(
        "createApiToken",
        REGISTRY["CreateApiToken"],
        {"name": "p", "scopes": ["NEEDS"]},
        office_admin,
    )
    token_id = token["apiToken"]["id"]
    await api.mutate("revokeApiToken", REVOKE_API_TOKEN, {"apiTokenId": token_id}, office_admin)
    admin_id, office_admin_id, org_admin_id, volunteer_account = [
        await _account_id(api, t) for t in (admin, office_admin, org_admin, volunteer)
    ]
    await api.gql(SIGN_OUT, token=volunteer)

    # when ADMIN reads the log
    entries = await _entries(api, admin)

    # then each change names its actor, its action and its entity
    seen = {(e["action"], e["entityType"], e["entityId"], e["actorId"]) for e in entries}
    assert {
        ("office.created", "Office", office_id, admin_id),
        ("account.created", "Account", made_admin["account"]["id"], admin_id),
        ("organization.registered", "Organization", organization_id, org_admin_id),
        ("organization.reviewed", "Organization", organization_id, office_admin_id),
        ("organization.member_added", "Account", member["account"]["id"], org_admin_id),
        ("volunteer.registered", "Volunteer", volunteer_id, volunteer_account),
        ("volunteer.membership_reviewed", "Volunteer", volunteer_id, org_admin_id),
        ("api_token.created", "ApiToken", token_id, office_admin_id),
        ("api_token.revoked", "ApiToken", token_id, office_admin_id),
    } <= seen
    by_action = {(e["action"], e["actorId"]) for e in entries}
    assert {
        ("api_token.bootstrapped", admin_id),
        ("session.signed_in", office_admin_id),
        ("session.signed_in", volunteer_account),
        ("session.signed_out", volunteer_account),
    } <= by_action
    assert all(e["actorId"] and e["createdAt"] for e in entries)
    reviewed = next(e for e in entries if e["action"] == "organization.reviewed")
    assert reviewed["details"] == {
        "decision": "APPROVE",
        "from": "PENDING",
        "to": "VERIFIED",
        "reason": None,
    }


async def test_offices_read_the_log_of_their_jurisdiction_only(api: ApiClient) -> None:
    # given organizations in Yu'an (341503), Jin'an (341502) and Hefei, reviewed by ADMIN
    admin = await api.admin_token()
    yuan_id, org_admin = await register_organization(api, 1, "341503")
    jinan_id, _ = await register_organization(api, 2, "341502")
    hefei_id, _ = await register_organization(api, 3, "340102")
    for organization_id in (yuan_id, jinan_id, hefei_id):
        await review(api, admin, organization_id, "APPROVE")
    county = await api.mutate(
        "createAccount",
        REGISTRY["CreateAccount"],
        {
            "email": "yuan@luan.gov.cn",
            "password": PASSWORD,
            "role": "OFFICE_STAFF",
            "officeId": await create_office(api, admin, "341503"),
        },
        admin,
    )
    assert county["userErrors"] == []
    county_office = await sign_in(api, "yuan@luan.gov.cn")

    # when the county office reads the log
    entries = await _entries(api, county_office)

    # then it sees its own county's entries and nothing else
    assert {e["regionCode"] for e in entries} == {"341503"}
    assert {e["entityId"] for e in entries if e["entityType"] == "Organization"} == {yuan_id}
    assert len(entries) < len(await _entries(api, admin))
    # and ADMIN's view filters by region subtree as well
    lu_an = await _entries(api, admin, regionCode="341500")
    assert {e["entityId"] for e in lu_an if e["entityType"] == "Organization"} == {
        yuan_id,
        jinan_id,
    }

    # and an organization admin, or nobody, is refused
    for token in (org_admin, ""):
        response = await api.post(AUDIT_LOG, {"first": 10}, token)
        body = response.json()
        assert response.status_code == 200
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("first", [1, 3])
async def test_the_audit_log_pages_like_every_list(api: ApiClient, first: int) -> None:
    # given a few entries
    admin = await api.admin_token()
    for region_code in ("341500", "340100", "110000"):
        await create_office(api, admin, region_code)
    everything = await _entries(api, admin)

    # when ADMIN pages through the log
    seen: list[dict[str, Any]] = []
    after = None
    for _ in range(len(everything) + 1):
        log = (await api.gql(AUDIT_LOG, {"first": first, "after": after}, admin))["auditLog"]
        seen += [e["node"] for e in log["edges"]]
        assert log["totalCount"] == len(everything)
        if not log["pageInfo"]["hasNextPage"]:
            break
        after = log["pageInfo"]["endCursor"]

    # then the pages add up to the whole log, in order
    assert seen == everything
