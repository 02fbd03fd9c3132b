"""Accounts, tokens and who may do what: roles, scopes, membership, jurisdiction."""

from __future__ import annotations

from typing import Any

import pytest

from tests.client import ApiClient
from tests.integration.documents import REGISTRY
from tests.steps.registry import (
    PASSWORD,
    add_member,
    codes,
    create_office,
    create_staff,
    office_staff,
    register_organization,
    register_volunteer,
    review,
    row_counts,
    verified_organization,
)
from tests.steps.registry_documents import (
    ADD_MEMBER,
    API_TOKENS,
    REVIEW_MEMBERSHIP,
    REVOKE_API_TOKEN,
    SIGN_OUT,
)

VIEWER = REGISTRY["Viewer"]


async def _api_token(api: ApiClient, maker: str, scopes: list[str]) -> dict[str, Any]:
    return await api.mutate(
        "createApiToken", REGISTRY["CreateApiToken"], {"name": "省平台", "scopes": scopes}, maker
    )


async def _viewer_status(api: ApiClient, token: str) -> int:
    return (await api.post(VIEWER, token=token)).status_code


async def test_an_api_token_is_shown_once_and_listed_without_its_secret(api: ApiClient) -> None:
    # given the staff of the Lu'an office
    staff = await office_staff(api, await api.admin_token(), "341500")

    # when they make a partner token
    created = await _api_token(api, staff, ["REGISTRY", "PERSONAL_DATA"])

    # then the secret comes back this once
    assert created["userErrors"] == []
    secret = str(created["token"])
    assert secret.startswith("rh_")
    assert created["apiToken"]["scopes"] == ["PERSONAL_DATA", "REGISTRY"]

    # and the list names the token but never carries the secret
    response = await api.post(API_TOKENS, token=staff)
    listed = response.json()["data"]["apiTokens"]
    assert [(e["node"]["name"], e["node"]["kind"]) for e in listed["edges"]] == [("省平台", "API")]
    assert secret not in response.text

    # and the token acts as its maker
    assert (await api.gql(VIEWER, token=secret))["viewer"] == (await api.gql(VIEWER, token=staff))[
        "viewer"
    ]


async def test_a_token_without_registry_cannot_review(api: ApiClient) -> None:
    # given a pending organization and its covering office's two partner tokens
    staff = await office_staff(api, await api.admin_token(), "341500")
    organization_id, _ = await register_organization(api, 1)
    narrow = str((await _api_token(api, staff, ["PERSONAL_DATA"]))["token"])
    registry = str((await _api_token(api, staff, ["REGISTRY"]))["token"])

    # when the one without REGISTRY approves
    refused = await review(api, narrow, organization_id, "APPROVE")

    # then it is FORBIDDEN and the organization still waits
    assert codes(refused) == [(None, "FORBIDDEN")]
    assert (await review(api, registry, organization_id, "APPROVE"))["organization"] == {
        "id": organization_id,
        "status": "VERIFIED",
    }


async def test_a_partner_token_cannot_make_tokens(api: ApiClient) -> None:
    # given a partner token holding only REGISTRY
    staff = await office_staff(api, await api.admin_token(), "341500")
    narrow = str((await _api_token(api, staff, ["REGISTRY"]))["token"])
    before = await row_counts(api)

    # when it makes a token with PERSONAL_DATA too, or one as narrow as itself, and the
    # signed-in staff member makes one with no scope
    widened = await _api_token(api, narrow, ["REGISTRY", "PERSONAL_DATA"])
    same = await _api_token(api, narrow, ["REGISTRY"])
    empty = await _api_token(api, staff, [])

    # then all are refused and no token is written: revoking a leaked token leaves no
    # tokens it made behind
    assert codes(widened) == codes(same) == [(None, "FORBIDDEN")]
    assert widened["token"] is None and same["token"] is None
    assert codes(empty) == [(["scopes"], "REQUIRED")]
    assert await row_counts(api) == before


async def test_a_revoked_token_stops_working(api: ApiClient) -> None:
    # given a partner token that works
    staff = await office_staff(api, await api.admin_token(), "341500")
    created = await _api_token(api, staff, ["REGISTRY"])
    secret = str(created["token"])
    assert await _viewer_status(api, secret) == 200

    # when its owner revokes it
    revoked = await api.mutate(
        "revokeApiToken",
        REVOKE_API_TOKEN,
        {"apiTokenId": created["apiToken"]["id"]},
        staff,
    )

    # then it is refused with 401, and the list shows when it was revoked
    assert revoked["userErrors"] == []
    assert revoked["apiToken"]["revokedAt"] is not None
    assert await _viewer_status(api, secret) == 401
    listed = await api.gql(API_TOKENS, token=staff)
    assert listed["apiTokens"]["edges"][0]["node"]["revokedAt"] is not None


async def test_someone_elses_token_cannot_be_revoked(api: ApiClient) -> None:
    # given two office staff, one with a token
    admin = await api.admin_token()
    owner = await office_staff(api, admin, "341500")
    other = await office_staff(api, admin, "340100")
    created = await _api_token(api, owner, ["REGISTRY"])

    # when the other revokes it
    refused = await api.mutate(
        "revokeApiToken",
        REVOKE_API_TOKEN,
        {"apiTokenId": created["apiToken"]["id"]},
        other,
    )

    # then it is not theirs to find, and the token still works
    assert codes(refused) == [(["apiTokenId"], "NOT_FOUND")]
    assert await _viewer_status(api, str(created["token"])) == 200


async def test_sign_out_revokes_the_session_token(api: ApiClient) -> None:
    # given a signed-in organization admin
    _, org_admin = await register_organization(api, 1)
    assert await _viewer_status(api, org_admin) == 200

    # when they sign out
    signed_out = await api.gql(SIGN_OUT, token=org_admin)

    # then that token is refused
    assert signed_out["signOut"] == {"ok": True, "userErrors": []}
    assert await _viewer_status(api, org_admin) == 401
    # and signing out anonymously is a userError, not a crash
    anonymous = await api.gql(SIGN_OUT)
    assert anonymous["signOut"]["userErrors"][0]["code"] == "UNAUTHENTICATED"


async def test_the_viewer_is_the_account_behind_the_token(api: ApiClient) -> None:
    # given one account of every role
    admin = await api.admin_token()
    office_id = await create_office(api, admin, "341500")
    verified = await verified_organization(api, admin, 1)
    organization_id, org_admin = verified.id, verified.token
    tokens = {
        "ADMIN": admin,
        "OFFICE_ADMIN": await create_staff(api, admin, office_id, "OFFICE_ADMIN"),
        "OFFICE_STAFF": await create_staff(api, admin, office_id, "OFFICE_STAFF"),
        "ORG_ADMIN": org_admin,
        "ORG_MEMBER": await add_member(api, org_admin, organization_id),
        "VOLUNTEER": (await register_volunteer(api))[1],
    }

    # when each asks who it is / then each gets its own role
    for role, token in tokens.items():
        viewer = (await api.gql(VIEWER, token=token))["viewer"]
        assert viewer["role"] == role
    assert (await api.gql(VIEWER, token=admin))["viewer"]["email"] == "admin@reliefhub.invalid"
    assert await api.gql(VIEWER) == {"viewer": None}


async def test_office_admins_create_staff_who_sign_in(api: ApiClient) -> None:
    # given the admin of the Lu'an office (made by ADMIN)
    admin = await api.admin_token()
    office_id = await create_office(api, admin, "341500")
    office_admin = await create_staff(api, admin, office_id, "OFFICE_ADMIN")

    # when it creates a staff account / then the staff member signs in to that office
    staff = await create_staff(api, office_admin, office_id, "OFFICE_STAFF")
    viewer = await api.gql("{ viewer { role office { id } } }", token=staff)
    assert viewer["viewer"] == {"role": "OFFICE_STAFF", "office": {"id": office_id}}


async def test_organization_admins_manage_their_own_members(api: ApiClient) -> None:
    # given two verified organizations, a member of the first, and a volunteer asking to join
    admin = await api.admin_token()
    verified = await verified_organization(api, admin, 1)
    first_id, first_admin = verified.id, verified.token
    second_admin = (await verified_organization(api, admin, 2)).token
    member = await add_member(api, first_admin, first_id)
    volunteer_id, _ = await register_volunteer(api, organizationId=first_id)
    before = await row_counts(api)

    # when the member and the other organization's admin try to act for the first
    add = {"organizationId": first_id, "email": "x@example.org", "password": PASSWORD}
    refused = [
        await api.mutate("addOrganizationMember", ADD_MEMBER, {**add, "role": "ORG_MEMBER"}, who)
        for who in (member, second_admin)
    ] + [
        await api.mutate(
            "reviewVolunteerMembership",
            REVIEW_MEMBERSHIP,
            {"volunteerId": volunteer_id, "decision": "APPROVE"},
            who,
        )
        for who in (member, second_admin)
    ]
    escalate = await api.mutate(
        "addOrganizationMember", ADD_MEMBER, {**add, "role": "ADMIN"}, first_admin
    )

    # then all are refused and nothing is written
    assert [codes(p) for p in refused] == [[(None, "FORBIDDEN")]] * 4
    assert codes(escalate) == [(["role"], "INVALID")]
    assert await row_counts(api) == before

    # and the first organization's admin approves the volunteer
    approved = await api.mutate(
        "reviewVolunteerMembership",
        REVIEW_MEMBERSHIP,
        {"volunteerId": volunteer_id, "decision": "APPROVE"},
        first_admin,
    )
    assert approved == {
        "volunteer": {"id": volunteer_id, "membershipStatus": "APPROVED"},
        "userErrors": [],
    }
    again = await api.mutate(
        "reviewVolunteerMembership",
        REVIEW_MEMBERSHIP,
        {"volunteerId": volunteer_id, "decision": "REJECT"},
        first_admin,
    )
    assert codes(again) == [(["decision"], "INVALID_TRANSITION")]


async def test_the_covering_office_walks_every_decision(api: ApiClient) -> None:
    # given a county organization and the Lu'an prefecture office
    staff = await office_staff(api, await api.admin_token(), "341500")
    organization_id, _ = await register_organization(api, 1)

    # when it rejects, approves, suspends and reinstates / then each status follows
    for decision, reason, status in [
        ("REJECT", "incomplete papers", "REJECTED"),
        ("APPROVE", None, "VERIFIED"),
        ("SUSPEND", "complaint under review", "SUSPENDED"),
        ("REINSTATE", None, "VERIFIED"),
    ]:
        reviewed = await review(api, staff, organization_id, decision, reason)
        assert reviewed == {
            "organization": {"id": organization_id, "status": status},
            "userErrors": [],
        }


@pytest.mark.parametrize(
    ("reviewer", "expected"),
    [
        ("340000", []),  # the Anhui province office covers a Lu'an county
        ("341503", []),  # the county's own office
        ("ADMIN", []),
        ("340100", [(["organizationId"], "OUT_OF_JURISDICTION")]),  # sibling prefecture Hefei
        ("341502", [(["organizationId"], "OUT_OF_JURISDICTION")]),  # sibling county Jin'an
        ("420000", [(["organizationId"], "OUT_OF_JURISDICTION")]),  # another province
        ("ORG_ADMIN", [(None, "FORBIDDEN")]),
        ("ANONYMOUS", [(None, "UNAUTHENTICATED")]),
    ],
)
async def test_only_offices_covering_the_organization_review_it(
    api: ApiClient, reviewer: str, expected: list[tuple[list[str] | None, str]]
) -> None:
    # given a pending organization in Yu'an district (341503)
    admin = await api.admin_token()
    organization_id, org_admin = await register_organization(api, 1)
    token = {"ADMIN": admin, "ORG_ADMIN": org_admin, "ANONYMOUS": ""}.get(reviewer)
    if token is None:
        token = await office_staff(api, admin, reviewer)
    before = await row_counts(api)

    # when the reviewer approves it
    reviewed = await review(api, token, organization_id, "APPROVE")

    # then only a covering office (or ADMIN) succeeds; a refusal changes nothing
    assert codes(reviewed) == expected
    if expected:
        assert reviewed["organization"] is None
        assert await row_counts(api) == before
        node = await api.gql(REGISTRY["Organizations"], {"filter": {"status": "PENDING"}}, admin)
        assert node["organizations"]["totalCount"] == 1
    else:
        assert reviewed["organization"]["status"] == "VERIFIED"
