"""ADMIN changes an account's role within its kind: a wider role revokes its tokens, a
narrower one keeps them with narrower powers, and the last ADMIN is never demoted. And the
console's list of every account, narrowed by organization and by text."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from domain.registry.model import Account
from tests.client import ApiClient
from tests.integration.documents import CONSOLE, REGISTRY
from tests.steps.registry import (
    PASSWORD,
    create_office,
    create_staff,
    organization_input,
    register_organization,
    sign_in,
    unique_email,
)

VIEWER = REGISTRY["Viewer"]


def why(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["userErrors"]]


async def change(api: ApiClient, admin: str, account: str, role: str) -> dict[str, Any]:
    return await api.mutate(
        "changeAccountRole",
        CONSOLE["ChangeAccountRole"],
        {"accountId": account, "role": role},
        admin,
    )


async def viewer_id(api: ApiClient, token: str) -> str:
    return str((await api.gql(VIEWER, {}, token))["viewer"]["id"])


async def status_of(api: ApiClient, token: str) -> int:
    return (await api.post(VIEWER, token=token)).status_code


async def invite_as(api: ApiClient, token: str, office: str) -> dict[str, Any]:
    return await api.mutate(
        "inviteAccount",
        CONSOLE["InviteAccount"],
        {"officeId": office, "email": unique_email("invitee"), "role": "OFFICE_STAFF"},
        token,
    )


async def test_a_wider_role_revokes_the_tokens_and_a_narrower_one_keeps_them(
    api: ApiClient,
) -> None:
    # given a staff member signed in, with a partner token, who may not invite staff
    admin = await api.admin_token()
    office = await create_office(api, admin, "341522")
    email = unique_email("staff")
    session = await create_staff(api, admin, office, email=email)
    partner = await api.mutate(
        "createApiToken",
        REGISTRY["CreateApiToken"],
        {"name": "县平台", "scopes": ["REGISTRY"]},
        session,
    )
    account = await viewer_id(api, session)
    assert [e["code"] for e in (await invite_as(api, session, office))["userErrors"]] == [
        "FORBIDDEN"
    ]

    # when ADMIN makes it the office's admin
    promoted = await change(api, admin, account, "OFFICE_ADMIN")

    # then both its tokens stop working, and signed in anew it invites staff
    assert promoted["userErrors"] == [] and promoted["account"]["role"] == "OFFICE_ADMIN"
    assert promoted["tokensRevoked"] == 2
    assert await status_of(api, session) == 401
    assert await status_of(api, str(partner["token"])) == 401
    again = await sign_in(api, email)
    assert (await invite_as(api, again, office))["userErrors"] == []

    # when ADMIN makes it a hotline operator
    demoted = await change(api, admin, account, "HOTLINE_OPERATOR")

    # then its session keeps working, with the operator's powers only
    assert demoted["userErrors"] == [] and demoted["tokensRevoked"] == 0
    assert await status_of(api, again) == 200
    assert (await api.gql(VIEWER, {}, again))["viewer"]["role"] == "HOTLINE_OPERATOR"
    refused = await invite_as(api, again, office)
    assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"]

    # and the audit log holds both changes, from and to
    log = await api.gql(
        CONSOLE["AuditLog"], {"first": 10, "filter": {"action": "account.role_changed"}}, admin
    )
    changes = [(e["details"]["from"], e["details"]["to"]) for e in log["auditLog"]["nodes"]]
    assert sorted(changes) == [
        ("OFFICE_ADMIN", "HOTLINE_OPERATOR"),
        ("OFFICE_STAFF", "OFFICE_ADMIN"),
    ]


async def test_roles_outside_the_accounts_kind_are_refused_and_change_nothing(
    api: ApiClient,
) -> None:
    # given office staff, an organization's admin and the token-only bootstrap ADMIN
    admin = await api.admin_token()
    office = await create_office(api, admin, "341522")
    staff = await viewer_id(api, await create_staff(api, admin, office))
    _, org_admin = await register_organization(api, 71)
    org_account = await viewer_id(api, org_admin)
    bootstrap = await viewer_id(api, admin)

    # when ADMIN gives each a role of another kind, or names no account
    to_org = await change(api, admin, staff, "ORG_ADMIN")
    to_office = await change(api, admin, org_account, "OFFICE_STAFF")
    to_volunteer = await change(api, admin, org_account, "VOLUNTEER")
    officeless = await change(api, admin, bootstrap, "OFFICE_STAFF")
    unknown = await change(api, admin, office, "OFFICE_STAFF")

    # then each is refused on the field at fault, and the roles are as they were
    assert why(to_org) == [(["role"], "INVALID")]
    assert why(to_office) == [(["role"], "INVALID")]
    assert why(to_volunteer) == [(["role"], "INVALID")]
    assert why(officeless) == [(["role"], "INVALID")]
    assert why(unknown) == [(["accountId"], "INVALID_ID")]
    assert (await api.gql(VIEWER, {}, org_admin))["viewer"]["role"] == "ORG_ADMIN"
    # (within its kind it moves: the organization's admin becomes a member)
    member = await change(api, admin, org_account, "ORG_MEMBER")
    assert member["userErrors"] == [] and member["account"]["role"] == "ORG_MEMBER"


async def test_the_last_admin_who_can_sign_in_is_not_demoted(api: ApiClient) -> None:
    # given office staff made ADMIN, the only ADMIN with a password
    bootstrap = await api.admin_token()
    office = await create_office(api, bootstrap, "341522")
    email = unique_email("chief")
    await create_staff(api, bootstrap, office, email=email)
    chief_account = await viewer_id(api, await sign_in(api, email))
    made = await change(api, bootstrap, chief_account, "ADMIN")
    assert made["userErrors"] == [] and made["tokensRevoked"] == 2  # (two sign-ins)
    chief = await sign_in(api, email)

    # when it tries to step down to its office's staff
    refused = await change(api, chief, chief_account, "OFFICE_STAFF")

    # then it is refused: nobody could sign in to the console after it
    assert why(refused) == [(["role"], "INVALID_TRANSITION")]
    assert (await api.gql(VIEWER, {}, chief))["viewer"]["role"] == "ADMIN"

    # when a second ADMIN with a password exists
    second = unique_email("admin")
    created = await api.mutate(
        "createAccount",
        REGISTRY["CreateAccount"],
        {"email": second, "password": PASSWORD, "role": "ADMIN"},
        chief,
    )
    assert created["userErrors"] == []

    # then the first one steps down, back to its office, and keeps its session
    stepped = await change(api, chief, chief_account, "OFFICE_STAFF")
    assert stepped["userErrors"] == [] and stepped["tokensRevoked"] == 0
    assert (await api.gql(VIEWER, {}, chief))["viewer"]["role"] == "OFFICE_STAFF"


async def test_every_account_is_found_by_organization_and_by_text(api: ApiClient) -> None:
    # given office staff with a name, and two organizations' admins
    admin = await api.admin_token()
    office = await create_office(api, admin, "341522")
    await create_staff(api, admin, office, email="zhou.min@huoqiu.example.gov.cn")
    async with api.db.transaction() as session:
        await session.execute(
            update(Account)
            .where(Account.email == "zhou.min@huoqiu.example.gov.cn")
            .values(display_name="周敏")
        )
    first, _ = await register_organization(api, 81)
    await register_organization(api, 82)

    async def emails(filter: dict[str, Any]) -> list[str]:
        found = await api.gql(CONSOLE["Accounts"], {"first": 50, "filter": filter}, admin)
        return sorted(node["email"] for node in found["accounts"]["nodes"])

    # when ADMIN narrows the accounts by organization, by part of an email, by name
    by_org = await emails({"organizationId": first})
    by_email = await emails({"text": "ZHOU.MIN@"})
    by_name = await emails({"text": "周"})
    by_wildcard = await emails({"text": "%"})

    # then each finds exactly its accounts; a % is only a %
    assert by_org == [organization_input(81)["adminEmail"]]
    assert by_email == by_name == ["zhou.min@huoqiu.example.gov.cn"]
    assert by_wildcard == []
