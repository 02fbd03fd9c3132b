"""Who reads, through node(id), a row that belongs to an account, as read_policy's
OWNED_POLICY says: a notification of no account (an email, SMS or webhook delivery to an
address) is nobody's, so only ADMIN reads it, however the caller is (or is not) signed in."""

from __future__ import annotations

import pytest

from api.kernel.ids import to_global_id
from domain.kernel.enums import Channel, NotificationStatus
from domain.notify.model import Notification
from tests.security.read_policy import owned_rows
from tests.security.world import ALL_SCOPES, PARTNER_ROLES, ROLES, World, raw_id

ROWS = owned_rows()


async def _notification(world: World, row: str, actor: str) -> str:
    """The row under test, as the fan-out writes it; its global id."""
    viewer = await world.api.gql("query { viewer { id } }", None, world.tokens[actor])
    inbox = row == "Notification.inbox"
    async with world.api.db.transaction() as session:
        notification = Notification(
            topic="dispatch.issued",
            channel=Channel.INBOX if inbox else Channel.EMAIL,
            recipient_key=f"owned-matrix-{row}-{world.database}",
            account_id=raw_id(viewer["viewer"]["id"]) if inbox else None,
            address=None if inbox else "duty@partner.example.org",
            subject="调度单",
            body="请查收",
            template="dispatch_issued",
            parameters={},
            locale="zh-CN",
            status=NotificationStatus.SENT,
            attempts=1,
        )
        session.add(notification)
        await session.flush()
        return to_global_id("Notification", notification.id)


async def _token(world: World, actor: str, role: str) -> str | None:
    if role == "ANONYMOUS":
        return None
    if role in PARTNER_ROLES:
        scoped = role == "PARTNER_SCOPED"
        scopes = frozenset({"PERSONAL_DATA"}) if scoped else ALL_SCOPES - {"PERSONAL_DATA"}
        return await world.partner(actor, scopes)
    return world.tokens[role]


@pytest.mark.parametrize(("row", "actor", "expected"), ROWS, ids=[r[0] for r in ROWS])
async def test_owned_row_as_every_role(
    world: World, row: str, actor: str, expected: dict[str, str]
) -> None:
    # given the row
    node_id = await _notification(world, row, actor)
    type_name = row.partition(".")[0]
    query = f"query Q($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ id }} }} }}"
    shown: dict[str, str] = {}
    for role in ROLES:
        # when each role reads it
        data = await world.api.gql(query, {"id": node_id}, await _token(world, actor, role))
        shown[role] = "HIDDEN" if data["node"] is None else "SHOWN"
    # then it is shown as the policy says
    assert shown == expected
