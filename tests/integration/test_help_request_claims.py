"""Two operators never work the same help request: many claim it at once, one wins.

The claim is one guarded UPDATE; on PostgreSQL the racing transactions queue on the row
and each loser re-reads the guard after the winner commits. Read back from the database
afterwards, the request has the winner as its only holder. SQLite, which lets one writer
at a time, runs the same race."""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlalchemy import select

from domain.helprequests.model import HelpRequest
from domain.kernel.global_ids import from_global_id
from tests.client import ApiClient
from tests.steps.help_requests import hotline, send, submitted
from tests.steps.registry import create_staff

OPERATORS = 16


async def test_of_many_operators_claiming_one_request_at_once_exactly_one_wins(
    api: ApiClient,
) -> None:
    # given a call from the public page, and sixteen operators of the office
    scene = await hotline(api)
    asked = await submitted(api, None)
    operators = [
        await create_staff(api, scene.admin, scene.office.id, role="HOTLINE_OPERATOR")
        for _ in range(OPERATORS)
    ]

    # when all of them claim it at the same moment
    claim = {"helpRequestId": asked["id"]}
    payloads = await asyncio.gather(
        *(send(api, "claimHelpRequest", claim, token) for token in operators)
    )

    # then exactly one wins and every other is told another operator holds it
    outcomes = Counter(
        "ok" if not p["userErrors"] else p["userErrors"][0]["code"] for p in payloads
    )
    assert outcomes == {"ok": 1, "ALREADY_CLAIMED": OPERATORS - 1}, outcomes
    winner = next(p for p in payloads if not p["userErrors"])
    holder = winner["helpRequest"]["claimedBy"]["id"]
    # and the database holds that one claim
    decoded = from_global_id(asked["id"])
    assert decoded is not None
    async with api.db.transaction() as session:
        stored = await session.scalar(select(HelpRequest).where(HelpRequest.id == decoded[1]))
    assert stored is not None and stored.claimed_by_account_id is not None
    holder_id = from_global_id(holder)
    assert holder_id is not None and stored.claimed_by_account_id == holder_id[1]
