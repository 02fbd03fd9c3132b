"""Who reads, through node(id), a row that belongs to an account, as read_policy's
OWNED_POLICY says: a notification of no account (an email, SMS or webhook delivery to an
address) is nobody's, so only ADMIN reads it, however the caller is (or is not) signed in."""

from __future__ import annotations

import pytest

from domain.kernel.enums import Channel
from tests.security.read_policy import owned_rows
from tests.security.world import ALL_SCOPES, PARTNER_ROLES, ROLES, World, raw_id
from tests.steps.notify import sent_notification

ROWS = owned_rows()


async def _notification(world: World, row: str, actor: str) -> str:
    """The row under test, as the fan-out writes it; its global id."""
    viewer = await world.api.gql("query { viewer { id } }", None, world.tokens[actor])
    inbox = row == "Notification.inbox"
    if inbox:
        return await sent_notification(
            world.api.db, Channel.INBOX, raw_id(viewer["viewer"]["id"]), None
        )
    return await sent_notification(world.api.db, Channel.EMAIL, None, "duty@partner.example.org")


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
