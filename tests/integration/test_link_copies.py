"""In the embedded mode (no mail server) the ADMIN who sends a one-time link finds a copy
in its own inbox, to hand over; the invitee's email waits for a mail server."""

from __future__ import annotations

import re

from sqlalchemy import select

from domain.kernel.enums import Channel
from domain.notify.model import Notification
from tests.client import ApiClient
from tests.integration.documents import CONSOLE, DISPATCH, REGISTRY
from tests.steps.registry import PASSWORD, create_office, sign_in, unique_email
from workers.embedded import EmbeddedWorkers


async def signed_in_admin(api: ApiClient) -> str:
    """An ADMIN with a password, signed in (the bootstrap token made it)."""
    email = unique_email("admin")
    made = await api.mutate(
        "createAccount",
        REGISTRY["CreateAccount"],
        {"email": email, "password": PASSWORD, "role": "ADMIN"},
        await api.admin_token(),
    )
    assert made["userErrors"] == [], made
    return await sign_in(api, email)


async def inbox_bodies(api: ApiClient, token: str) -> list[str]:
    found = (await api.gql(DISPATCH["Notifications"], {"first": 20}, token))["notifications"]
    return [edge["node"]["body"] for edge in found["edges"]]


async def test_the_sending_admin_finds_each_link_in_its_inbox(
    api: ApiClient, workers: EmbeddedWorkers
) -> None:
    # given a signed-in ADMIN and an office, in the embedded mode with no SMTP server
    admin = await signed_in_admin(api)
    office = await create_office(api, admin, "341522", "霍邱县民政局")

    # when it invites a staff member and the workers run
    email = unique_email("staff")
    invited = await api.mutate(
        "inviteAccount",
        CONSOLE["InviteAccount"],
        {"officeId": office, "email": email, "role": "OFFICE_STAFF"},
        admin,
    )
    assert invited["userErrors"] == []
    await workers.drain()

    # then its inbox holds a copy naming the invitee, with a join link that works
    (copy,) = [b for b in await inbox_bodies(api, admin) if email in b]
    link = re.search(r"/#/join/([\w-]+)", copy)
    assert link is not None, copy
    joined = await api.mutate(
        "acceptInvitation",
        CONSOLE["AcceptInvitation"],
        {"token": link.group(1), "displayName": "王芳", "password": PASSWORD},
    )
    assert joined["userErrors"] == [] and joined["account"]["email"] == email

    # when it sends the joined account a password-reset link
    sent = await api.mutate(
        "sendPasswordReset",
        CONSOLE["SendPasswordReset"],
        {"accountId": invited["account"]["id"]},
        admin,
    )
    assert sent["userErrors"] == []
    await workers.drain()

    # then that reset link is in the ADMIN's inbox too, and no one else's inbox has any
    copies = [b for b in await inbox_bodies(api, admin) if email in b]
    assert any(re.search(r"/#/reset/[\w-]+", b) for b in copies), copies
    staff = await sign_in(api, email)
    assert not [b for b in await inbox_bodies(api, staff) if "/#/" in b]
    # (with no mail channel nothing is written for the invitee's address: the copy is how
    # the link reaches them)
    async with api.db.transaction() as session:
        mails = (
            await session.scalars(
                select(Notification).where(
                    Notification.channel == Channel.EMAIL, Notification.address == email
                )
            )
        ).all()
    assert mails == []
