"""Staff invited by a one-time emailed link: joined once, refused when used or expired."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.outbox import ACCOUNT_LINK_SENT, OutboxEvent
from domain.kernel.settings import Settings
from domain.registry.model import AccountLink
from tests.client import ApiClient
from tests.integration.documents import CONSOLE, DISPATCH, REGISTRY
from tests.steps.delivery import running_app
from tests.steps.registry import PASSWORD, create_office, create_staff, unique_email
from tests.support.receivers import SmtpReceiver
from workers.embedded import EmbeddedWorkers

PORTAL = "https://reliefhub.example.gov.cn"


@pytest.fixture
async def wired(
    db: Database, smtp_receiver: SmtpReceiver
) -> AsyncIterator[tuple[ApiClient, EmbeddedWorkers]]:
    """The app and its embedded workers, mailing through a real SMTP server."""
    settings = Settings(
        database_url=db.url,
        environment="test",
        public_url=PORTAL,
        smtp_host="127.0.0.1",
        smtp_port=smtp_receiver.port,
        smtp_from="reliefhub@example.org",
    )
    async with running_app(db, settings) as running:
        yield running


def why(payload: dict) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


async def invite(api: ApiClient, by: str, office_id: str, role: str = "OFFICE_STAFF") -> dict:
    return await api.mutate(
        "inviteAccount",
        CONSOLE["InviteAccount"],
        {"officeId": office_id, "email": unique_email("invited"), "role": role},
        by,
    )


async def last_link_token(api: ApiClient) -> str:
    """The token of the last link sent, read where the workers read it: the outbox."""
    async with api.db.transaction() as session:
        event = await session.scalar(
            select(OutboxEvent)
            .where(OutboxEvent.topic == ACCOUNT_LINK_SENT)
            .order_by(OutboxEvent.created_at.desc())
            .limit(1)
        )
    assert event is not None
    return str(event.payload["url"]).rsplit("/", 1)[1]


async def accept(api: ApiClient, token: str, password: str = PASSWORD) -> dict:
    return await api.mutate(
        "acceptInvitation",
        CONSOLE["AcceptInvitation"],
        {"token": token, "displayName": "王芳", "password": password},
    )


async def test_an_invited_staff_member_joins_from_the_mailed_link_once(
    wired: tuple[ApiClient, EmbeddedWorkers], smtp_receiver: SmtpReceiver
) -> None:
    api, workers = wired
    # given an office, and ADMIN inviting a staff member to it
    admin = await api.admin_token()
    office = await create_office(api, admin, "341522", "霍邱县民政局")
    invited = await invite(api, admin, office)
    assert invited["userErrors"] == []
    assert invited["account"]["awaitingInvitation"] is True
    email = invited["account"]["email"]

    # when the workers send the mail
    await workers.drain()

    # then the invitee's mail carries the link to the portal, and ADMIN's inbox a copy
    (mail,) = [m for m in smtp_receiver.received if email in m.rcpt_tos]
    link = re.search(re.escape(PORTAL) + r"/#/join/([\w-]+)", mail.text)
    assert link is not None, mail.text
    # (valid until a time told in Beijing time, the account's default zone)
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC\+08:00", mail.text), mail.text
    inbox = (await api.gql(DISPATCH["Notifications"], {"first": 10}, admin))["notifications"]
    assert any(link.group(1) in edge["node"]["body"] for edge in inbox["edges"])

    # and before joining the account cannot sign in
    early = await api.mutate("signIn", REGISTRY["SignIn"], {"email": email, "password": "!"})
    assert why(early) == ["INVALID_CREDENTIALS"]

    # when the invitee opens it and sets a name and password
    joined = await accept(api, link.group(1))

    # then they are signed in as staff of the office, and sign in again with the password
    assert joined["userErrors"] == []
    assert joined["account"]["office"]["id"] == office
    assert joined["account"]["displayName"] == "王芳"
    viewer = (await api.gql(REGISTRY["Viewer"], {}, joined["token"]))["viewer"]
    assert viewer["role"] == "OFFICE_STAFF"
    again = await api.mutate("signIn", REGISTRY["SignIn"], {"email": email, "password": PASSWORD})
    assert again["userErrors"] == []

    # and the same link is refused the second time
    reused = await accept(api, link.group(1), "another-pass-1")
    assert why(reused) == ["LINK_USED"]
    assert reused["userErrors"][0]["field"] == ["token"]


async def test_an_expired_or_unknown_link_is_refused_and_changes_nothing(api: ApiClient) -> None:
    # given an invitation whose 72 hours have passed
    admin = await api.admin_token()
    office = await create_office(api, admin, "341503")
    invited = await invite(api, admin, office, "HOTLINE_OPERATOR")
    token = await last_link_token(api)
    async with api.db.transaction() as session:
        await session.execute(
            update(AccountLink).values(expires_at=utcnow() - timedelta(minutes=1))
        )

    # when the invitee opens it, or someone tries a made-up token, or a weak password
    expired = await accept(api, token)
    unknown = await accept(api, "not-a-link-token")

    # then each is refused on the token, and the account still has no password
    assert why(expired) == ["LINK_EXPIRED"]
    assert why(unknown) == ["NOT_FOUND"]
    sent = await api.mutate(
        "sendPasswordReset",
        CONSOLE["SendPasswordReset"],
        {"accountId": invited["account"]["id"]},
        admin,
    )
    assert sent["account"]["awaitingInvitation"] is True

    # and a fresh invitation (sent again by ADMIN) still refuses a weak password
    weak = await accept(api, await last_link_token(api), "password")
    assert why(weak) == ["WEAK_PASSWORD"]
    assert (await accept(api, await last_link_token(api)))["userErrors"] == []


async def test_only_admin_or_the_offices_own_admin_invites(api: ApiClient) -> None:
    # given two offices, their office admins and a staff member
    admin = await api.admin_token()
    huoqiu = await create_office(api, admin, "341522")
    yuan = await create_office(api, admin, "341503")
    huoqiu_admin = await create_staff(api, admin, huoqiu, "OFFICE_ADMIN")
    yuan_admin = await create_staff(api, admin, yuan, "OFFICE_ADMIN")
    staff = await create_staff(api, admin, huoqiu)

    # when each invites to Huoqiu's office
    own = await invite(api, huoqiu_admin, huoqiu)
    other = await invite(api, yuan_admin, huoqiu)
    plain = await invite(api, staff, huoqiu)
    anonymous = await api.mutate(
        "inviteAccount",
        CONSOLE["InviteAccount"],
        {"officeId": huoqiu, "email": unique_email("x"), "role": "OFFICE_STAFF"},
    )
    as_admin = await api.mutate(
        "inviteAccount",
        CONSOLE["InviteAccount"],
        {"officeId": huoqiu, "email": unique_email("x"), "role": "ADMIN"},
        admin,
    )
    duplicate = await api.mutate(
        "inviteAccount",
        CONSOLE["InviteAccount"],
        {"officeId": huoqiu, "email": own["account"]["email"], "role": "OFFICE_STAFF"},
        admin,
    )

    # then only its own admin (and ADMIN) may, with an office role, at a free address
    assert own["userErrors"] == []
    assert why(other) == ["FORBIDDEN"]
    assert why(plain) == ["FORBIDDEN"]
    assert why(anonymous) == ["UNAUTHENTICATED"]
    assert why(as_admin) == ["INVALID"]
    assert why(duplicate) == ["DUPLICATE"]


async def test_without_a_mail_server_the_link_is_in_the_server_log(
    api: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    # given the embedded mode with no SMTP_HOST, and an office
    admin = await api.admin_token()
    office = await create_office(api, admin, "341522")

    # when ADMIN invites someone
    with caplog.at_level("WARNING"):
        invited = await invite(api, admin, office)

    # then the server's log holds the link the mail would have carried
    token = await last_link_token(api)
    logged = [r.getMessage() for r in caplog.records if token in r.getMessage()]
    assert invited["userErrors"] == [] and len(logged) == 1
    assert invited["account"]["email"] in logged[0]
