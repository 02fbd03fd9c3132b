"""The first ADMIN gets in with no GraphQL: `reliefhub admin-invite EMAIL` prints a join
link, and the embedded mode's start logs one while no ADMIN can sign in."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from domain.kernel.db.engine import Database
from domain.kernel.outbox import ACCOUNT_LINK_SENT, OutboxEvent
from domain.kernel.settings import Settings
from domain.registry.first_admin import EMBEDDED_ADMIN_EMAIL, first_admin_link
from tests.client import ApiClient
from tests.integration.documents import CONSOLE, REGISTRY
from tests.steps.delivery import running_app
from tests.steps.registry import PASSWORD
from tests.support.receivers import SmtpReceiver

RELIEFHUB = Path(sys.executable).with_name("reliefhub")
PORTAL = "https://reliefhub.example.gov.cn"


async def admin_invite(
    api: ApiClient, email: str, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    """The command as an operator runs it, on the test's database."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "SMTP_HOST"}}
    env.update(DATABASE_URL=api.db.url, PUBLIC_URL=PORTAL, LOG_FORMAT="text", **extra_env)
    return await asyncio.to_thread(
        subprocess.run,
        [str(RELIEFHUB), "admin-invite", email],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def join(api: ApiClient, link: str, name: str = "李主任") -> dict:
    token = link.rsplit("/", 1)[1]
    return await api.mutate(
        "acceptInvitation",
        CONSOLE["AcceptInvitation"],
        {"token": token, "displayName": name, "password": PASSWORD},
    )


async def link_events(api: ApiClient) -> int:
    async with api.db.transaction() as session:
        count = await session.scalar(
            select(func.count()).where(OutboxEvent.topic == ACCOUNT_LINK_SENT)
        )
    return int(count or 0)


async def test_admin_invite_prints_a_link_that_makes_an_admin_once(api: ApiClient) -> None:
    # given a deployment with no ADMIN at all
    email = "chief@minzheng.example.gov.cn"

    # when the operator runs `reliefhub admin-invite` for the first ADMIN
    done = await admin_invite(api, email)

    # then it prints a join link on the portal's address, and the link goes out as mail
    assert done.returncode == 0, done.stdout + done.stderr
    link = done.stdout.splitlines()[0]
    assert link.startswith(PORTAL + "/#/join/"), done.stdout
    assert "No SMTP_HOST" in done.stdout
    assert await link_events(api) == 1

    # when the invitee opens it and sets a name and password
    joined = await join(api, link)

    # then they are signed in as an ADMIN, and sign in again with the password
    assert joined["userErrors"] == [], joined
    viewer = (await api.gql(REGISTRY["Viewer"], {}, joined["token"]))["viewer"]
    assert (viewer["role"], viewer["email"]) == ("ADMIN", email)
    assert joined["account"]["office"] is None
    again = await api.mutate("signIn", REGISTRY["SignIn"], {"email": email, "password": PASSWORD})
    assert again["userErrors"] == []

    # and the link is refused a second time
    reused = await join(api, link, "冒名者")
    assert [e["code"] for e in reused["userErrors"]] == ["LINK_USED"]

    # and the command refuses to invite the joined address again, saying why
    refused = await admin_invite(api, email)
    assert refused.returncode != 0
    assert "has an account already" in refused.stderr


async def test_admin_invite_again_replaces_the_unused_link(api: ApiClient) -> None:
    # given an ADMIN invited who has not joined yet
    first = await admin_invite(api, "deputy@minzheng.example.gov.cn")
    assert first.returncode == 0, first.stderr

    # when the operator invites the same address again
    second = await admin_invite(api, "deputy@minzheng.example.gov.cn")

    # then the newer link joins and the older one no longer does
    assert second.returncode == 0, second.stderr
    old = await join(api, first.stdout.splitlines()[0])
    assert [e["code"] for e in old["userErrors"]] == ["LINK_USED"]
    new = await join(api, second.stdout.splitlines()[0])
    assert new["userErrors"] == [] and new["account"]["role"] == "ADMIN"

    # and a malformed address is refused with nothing written
    bad = await admin_invite(api, "not an address")
    assert bad.returncode != 0 and "email" in bad.stderr.lower()


async def test_the_embedded_start_links_an_admin_until_one_can_sign_in(api: ApiClient) -> None:
    # given an empty deployment, and the token-only bootstrap ADMIN (it has no password)
    await api.admin_token()

    # when the embedded mode starts
    async with api.db.transaction() as session:
        invited = await first_admin_link(session, PORTAL)

    # then it has a join link for an ADMIN to log, and mails nothing
    assert invited is not None
    assert invited.account.email == EMBEDDED_ADMIN_EMAIL
    assert await link_events(api) == 0

    # when the person at the server opens it
    joined = await join(api, invited.link)

    # then an ADMIN can sign in, and the next start logs no link
    assert joined["userErrors"] == [] and joined["account"]["role"] == "ADMIN"
    async with api.db.transaction() as session:
        assert await first_admin_link(session, PORTAL) is None


async def test_the_embedded_start_links_the_admin_the_operator_invited(api: ApiClient) -> None:
    # given an ADMIN invited from the command line who has not joined
    done = await admin_invite(api, "head@minzheng.example.gov.cn")
    assert done.returncode == 0, done.stderr

    # when the embedded mode starts
    async with api.db.transaction() as session:
        invited = await first_admin_link(session, PORTAL)

    # then its link is for that ADMIN (no placeholder account beside it)
    assert invited is not None
    assert invited.account.email == "head@minzheng.example.gov.cn"
    joined = await join(api, invited.link)
    assert joined["account"]["email"] == "head@minzheng.example.gov.cn"


async def test_with_a_mail_server_the_workers_mail_the_printed_link(
    db: Database, smtp_receiver: SmtpReceiver
) -> None:
    # given a deployment whose workers mail through an SMTP server
    settings = Settings(
        database_url=db.url,
        environment="test",
        public_url=PORTAL,
        smtp_host="127.0.0.1",
        smtp_port=smtp_receiver.port,
        smtp_from="reliefhub@example.org",
    )
    async with running_app(db, settings) as (api, workers):
        # when the operator invites the first ADMIN with the same settings
        done = await admin_invite(
            api,
            "boss@minzheng.example.gov.cn",
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(smtp_receiver.port),
        )
        assert done.returncode == 0, done.stderr
        assert "The workers mail it to boss@minzheng.example.gov.cn" in done.stdout
        await workers.drain()

    # then the invitee's mail carries the very link the command printed
    (mail,) = [m for m in smtp_receiver.received if "boss@minzheng.example.gov.cn" in m.rcpt_tos]
    assert done.stdout.splitlines()[0] in mail.text
