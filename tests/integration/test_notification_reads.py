"""node(id) of a notification: its account reads it, ADMIN reads every one, and a message
that belongs to no account (an email, SMS or webhook delivery) is nobody's to read."""

from __future__ import annotations

import uuid

from api.kernel.ids import expect_id
from domain.kernel.enums import Channel
from tests.client import ApiClient
from tests.steps.notify import sent_notification
from tests.steps.registry import office_staff, register_organization

READ = "query R($id: ID!) { node(id: $id) { ... on Notification { id subject } } }"
VIEWER = "query { viewer { id } }"


async def _account(api: ApiClient, token: str) -> uuid.UUID:
    viewer = (await api.gql(VIEWER, None, token))["viewer"]
    return expect_id(viewer["id"], "Account", "id")


async def _read(api: ApiClient, notification_id: str, token: str | None) -> object:
    return (await api.gql(READ, {"id": notification_id}, token))["node"]


async def test_a_message_of_no_account_is_read_by_admin_only(api: ApiClient) -> None:
    # given an email to a partner's address that belongs to no account, and an account
    admin = await api.admin_token()
    _, org_admin = await register_organization(api, 9701)
    staff = await office_staff(api, admin, "341500")
    emailed = await sent_notification(api.db, Channel.EMAIL, None, "duty@partner.example.org")
    # when anonymous callers, an organization's admin and office staff read it
    # then none of them gets it
    assert await _read(api, emailed, None) is None
    assert await _read(api, emailed, org_admin) is None
    assert await _read(api, emailed, staff) is None
    # and ADMIN does
    assert await _read(api, emailed, admin) == {"id": emailed, "subject": "调度单"}


async def test_an_inbox_message_is_read_by_its_account_and_admin(api: ApiClient) -> None:
    # given a message in one account's inbox
    admin = await api.admin_token()
    _, owner = await register_organization(api, 9702)
    _, other = await register_organization(api, 9703)
    inbox = await sent_notification(api.db, Channel.INBOX, await _account(api, owner), None)
    # when its account, another account, an anonymous caller and ADMIN read it
    # then the account and ADMIN get it; the others null
    assert await _read(api, inbox, owner) == {"id": inbox, "subject": "调度单"}
    assert await _read(api, inbox, other) is None
    assert await _read(api, inbox, None) is None
    assert await _read(api, inbox, admin) == {"id": inbox, "subject": "调度单"}
