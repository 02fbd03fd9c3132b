"""What ADMIN does from the console: offices changed and deactivated, accounts disabled,
passwords reset by link, every account and token listed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.kernel.outbox import ACCOUNT_LINK_SENT, OutboxEvent
from tests.client import ApiClient
from tests.integration.documents import CONSOLE, MATCHING, REGISTRY
from tests.steps.registry import PASSWORD, Office, create_office, create_staff, unique_email
from tests.steps.relief import flood_incident, published_need

VIEWER = REGISTRY["Viewer"]


def why(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


async def status_of(api: ApiClient, token: str) -> int:
    return (await api.post(VIEWER, token=token)).status_code


async def sign_in(api: ApiClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    return await api.mutate("signIn", REGISTRY["SignIn"], {"email": email, "password": password})


async def staff_with_email(api: ApiClient, admin: str, office: str) -> tuple[str, str, str]:
    """(token, email, account id) of a new staff member of the office."""
    email = unique_email("staff")
    token = await create_staff(api, admin, office, email=email)
    viewer = (await api.gql(VIEWER, {}, token))["viewer"]
    return token, email, viewer["id"]


async def test_a_disabled_accounts_token_is_refused_on_its_next_request(api: ApiClient) -> None:
    # given a signed-in staff member with a partner token too
    admin = await api.admin_token()
    office = await create_office(api, admin, "341522")
    session, email, account = await staff_with_email(api, admin, office)
    partner = await api.mutate(
        "createApiToken",
        REGISTRY["CreateApiToken"],
        {"name": "县平台", "scopes": ["NEEDS"]},
        session,
    )
    assert await status_of(api, session) == 200

    # when ADMIN disables the account
    disabled = await api.mutate(
        "disableAccount", CONSOLE["DisableAccount"], {"accountId": account}, admin
    )

    # then neither token works from the next request on, nor does the password
    assert disabled["userErrors"] == [] and disabled["account"]["disabledAt"]
    assert await status_of(api, session) == 401
    assert await status_of(api, str(partner["token"])) == 401
    assert why(await sign_in(api, email)) == ["FORBIDDEN"]
    # and the list of its tokens shows them revoked
    tokens = await api.gql(CONSOLE["ApiTokens"], {"filter": {"accountId": account}}, admin)
    assert [t["revokedAt"] is not None for t in tokens["apiTokens"]["nodes"]] == [True]

    # when ADMIN enables it again, it signs in anew; the old token stays revoked
    enabled = await api.mutate(
        "enableAccount", CONSOLE["EnableAccount"], {"accountId": account}, admin
    )
    assert enabled["account"]["disabledAt"] is None
    assert (await sign_in(api, email))["userErrors"] == []
    assert await status_of(api, session) == 401


async def test_only_admin_disables_and_never_itself(api: ApiClient) -> None:
    # given an office admin and a staff member of the same office
    admin = await api.admin_token()
    office = await create_office(api, admin, "341503")
    office_admin = await create_staff(api, admin, office, "OFFICE_ADMIN")
    _, _, staff = await staff_with_email(api, admin, office)
    me = (await api.gql(VIEWER, {}, admin))["viewer"]["id"]

    # when the office admin, nobody, and ADMIN on itself try
    by_office = await api.mutate(
        "disableAccount", CONSOLE["DisableAccount"], {"accountId": staff}, office_admin
    )
    by_nobody = await api.mutate("disableAccount", CONSOLE["DisableAccount"], {"accountId": staff})
    by_self = await api.mutate(
        "disableAccount", CONSOLE["DisableAccount"], {"accountId": me}, admin
    )
    bad_id = await api.mutate(
        "disableAccount", CONSOLE["DisableAccount"], {"accountId": "nonsense"}, admin
    )

    # then each is refused
    assert why(by_office) == ["FORBIDDEN"]
    assert why(by_nobody) == ["UNAUTHENTICATED"]
    assert why(by_self) == ["INVALID"]
    assert why(bad_id) == ["INVALID_ID"]


async def test_a_deactivated_offices_staff_stop_at_once_and_it_takes_nobody_new(
    api: ApiClient,
) -> None:
    # given an office with a signed-in staff member, and a need it published
    admin = await api.admin_token()
    office = await create_office(api, admin, "341522", "霍邱县民政局")
    session, email, _ = await staff_with_email(api, admin, office)
    incident = await flood_incident(api, Office(office, session), ["341522"])
    need = await published_need(api, session, incident, regionCode="341522")

    # when a staff member tries, then ADMIN deactivates it
    refused = await api.mutate(
        "deactivateOffice", CONSOLE["DeactivateOffice"], {"officeId": office}, session
    )
    done = await api.mutate(
        "deactivateOffice", CONSOLE["DeactivateOffice"], {"officeId": office}, admin
    )
    twice = await api.mutate(
        "deactivateOffice", CONSOLE["DeactivateOffice"], {"officeId": office}, admin
    )

    # then only ADMIN could, once; the staff's session and password stop working
    assert why(refused) == ["FORBIDDEN"]
    assert done["userErrors"] == [] and done["office"]["deactivatedAt"]
    assert why(twice) == ["INVALID_TRANSITION"]
    assert await status_of(api, session) == 401
    assert why(await sign_in(api, email)) == ["FORBIDDEN"]
    # and nobody is invited to it any more
    invited = await api.mutate(
        "inviteAccount",
        CONSOLE["InviteAccount"],
        {"officeId": office, "email": unique_email("late"), "role": "OFFICE_STAFF"},
        admin,
    )
    assert why(invited) == ["INVALID_TRANSITION"]
    # and its open work stays where it was: the need is still open, for ADMIN to manage
    needs = await api.gql(MATCHING["Needs"], {"filter": {"incidentId": incident}}, admin)
    assert [(n["node"]["id"], n["node"]["status"]) for n in needs["needs"]["edges"]] == [
        (need, "OPEN")
    ]


async def test_admin_renames_an_office_and_moves_its_jurisdiction(api: ApiClient) -> None:
    # given an office over Huoqiu county
    admin = await api.admin_token()
    office = await create_office(api, admin, "341522", "霍邱县民政局")
    staff = await create_staff(api, admin, office)

    # when ADMIN renames it and widens it to Lu'an; staff and bad input are refused
    update = CONSOLE["UpdateOffice"]
    moved = await api.mutate(
        "updateOffice",
        update,
        {"officeId": office, "name": "六安市民政局", "regionCode": "341500"},
        admin,
    )
    by_staff = await api.mutate("updateOffice", update, {"officeId": office, "name": "x"}, staff)
    unknown = await api.mutate(
        "updateOffice", update, {"officeId": office, "regionCode": "999999"}, admin
    )
    too_long = await api.mutate(
        "updateOffice", update, {"officeId": office, "name": "局" * 201}, admin
    )

    # then the office reads its new name and region, and the staff's jurisdiction follows
    assert moved["userErrors"] == []
    assert moved["office"]["name"] == "六安市民政局"
    assert moved["office"]["region"]["code"] == "341500"
    assert why(by_staff) == ["FORBIDDEN"]
    assert [(e["field"], e["code"]) for e in unknown["userErrors"]] == [
        (["regionCode"], "UNKNOWN_REGION")
    ]
    assert why(too_long) == ["TOO_LONG"]
    log = await api.gql(
        CONSOLE["AuditLog"], {"filter": {"entityType": "Office", "action": "office.updated"}}, admin
    )
    assert [e["details"]["regionCode"] for e in log["auditLog"]["nodes"]] == ["341500"]


async def _reset_token(api: ApiClient) -> str:
    async with api.db.transaction() as session:
        event = await session.scalar(
            select(OutboxEvent)
            .where(OutboxEvent.topic == ACCOUNT_LINK_SENT)
            .order_by(OutboxEvent.created_at.desc())
            .limit(1)
        )
    assert event is not None and event.payload["purpose"] == "PASSWORD_RESET"
    return str(event.payload["url"]).rsplit("/", 1)[1]


async def test_a_reset_link_sets_a_new_password_and_ends_the_old_sessions(api: ApiClient) -> None:
    # given a signed-in staff member who forgot the password
    admin = await api.admin_token()
    office = await create_office(api, admin, "341503")
    old_session, email, _ = await staff_with_email(api, admin, office)

    # when they ask for a link, and someone asks for an address with no account
    asked = await api.mutate(
        "requestPasswordReset", CONSOLE["RequestPasswordReset"], {"email": email.upper()}
    )
    stranger = await api.mutate(
        "requestPasswordReset", CONSOLE["RequestPasswordReset"], {"email": "nobody@example.org"}
    )
    token = await _reset_token(api)

    # then both answers read the same
    assert asked == stranger == {"ok": True, "userErrors": []}

    # when they set a new password through the link
    reset = CONSOLE["ResetPassword"]
    done = await api.mutate("resetPassword", reset, {"token": token, "password": "new-pass-2024"})

    # then they are signed in, the old session ended, and the link works no more
    assert done["userErrors"] == [] and done["token"]
    assert await status_of(api, old_session) == 401
    assert await status_of(api, done["token"]) == 200
    assert (await sign_in(api, email, "new-pass-2024"))["userErrors"] == []
    again = await api.mutate("resetPassword", reset, {"token": token, "password": "other-pass-3"})
    assert why(again) == ["LINK_USED"]


async def test_admin_lists_accounts_and_any_accounts_tokens_others_do_not(api: ApiClient) -> None:
    # given two offices' staff, one with a partner token
    admin = await api.admin_token()
    office = await create_office(api, admin, "341522")
    other = await create_office(api, admin, "341503")
    staff, _, account = await staff_with_email(api, admin, office)
    await staff_with_email(api, admin, other)
    await api.mutate(
        "createApiToken", REGISTRY["CreateApiToken"], {"name": "县平台", "scopes": ["NEEDS"]}, staff
    )

    # when ADMIN lists one office's staff and that account's tokens
    listed = await api.gql(CONSOLE["Accounts"], {"filter": {"officeId": office}}, admin)
    tokens = await api.gql(CONSOLE["ApiTokens"], {"filter": {"accountId": account}}, admin)

    # then it sees exactly them; the staff member may not list accounts
    assert [n["id"] for n in listed["accounts"]["nodes"]] == [account]
    assert [t["name"] for t in tokens["apiTokens"]["nodes"]] == ["县平台"]
    refused = (await api.post(CONSOLE["Accounts"], {}, staff)).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # and the staff member's own list never shows another account's tokens
    own = await api.gql(CONSOLE["ApiTokens"], {"filter": {"accountId": account}}, admin)
    mine = await api.gql(CONSOLE["ApiTokens"], {}, await create_staff(api, admin, office))
    assert own["apiTokens"]["totalCount"] == 1
    assert mine["apiTokens"]["totalCount"] == 0
