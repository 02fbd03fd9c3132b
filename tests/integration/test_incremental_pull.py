"""Incremental pull: a partner keeps a mirror by paging through what changed since its last
sync, in change order, and sees every change exactly once, statuses included."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from domain.kernel import change_order
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, PARTNERS
from tests.steps.registry import review
from tests.steps.relief import dispatch_scene, lu_an_flood

EPOCH = "2000-01-01T00:00:00+00:00"


@pytest.fixture(autouse=True)
def settled_at_once() -> Iterator[None]:
    """No time to settle: these tests write, then read, one request after another. The
    horizon's own rule (the oldest running writer) still holds."""
    settle = change_order.SETTLE
    change_order.SETTLE = timedelta(0)
    yield
    change_order.SETTLE = settle


# Each list partners pull by change, and the partner document that pulls it.
PULLS = {
    "needs": PARTNERS["NeedsChangedSince"],
    "offers": PARTNERS["OffersChangedSince"],
    "allocations": PARTNERS["AllocationsChangedSince"],
    "dispatches": PARTNERS["DispatchesChangedSince"],
    "organizations": PARTNERS["OrganizationsChangedSince"],
}


async def pull(
    api: ApiClient,
    field: str,
    *,
    after: str | None = None,
    token: str | None = None,
    first: int = 100,
    **filter: Any,
) -> tuple[list[dict[str, Any]], str | None, int]:
    """Every node changed since `after`, the cursor to keep, and the pages it took."""
    nodes: list[dict[str, Any]] = []
    pages = 0
    variables = {"filter": {"updatedSince": EPOCH} | filter, "first": first}
    while True:
        data = (await api.gql(PULLS[field], variables | {"after": after}, token))[field]
        pages += 1
        nodes += [edge["node"] for edge in data["edges"]]
        after = data["pageInfo"]["endCursor"] or after
        if not data["pageInfo"]["hasNextPage"]:
            return nodes, after, pages


def _row(external_id: str, quantity: int = 100) -> dict[str, Any]:
    return {
        "externalId": external_id,
        "regionCode": "341503",
        "categoryCode": "DRINKING_WATER",
        "quantity": quantity,
        "urgency": "HIGH",
        "neededBy": "2020-07-25T18:00:00+08:00",
    }


async def _sync(api: ApiClient, token: str, incident: str, rows: list[dict], **more: Any) -> Any:
    values = {"incidentId": incident, "needs": rows} | more
    payload = await api.mutate("syncNeeds", PARTNERS["SyncNeedsCancellingMissing"], values, token)
    assert payload["userErrors"] == [], payload
    return payload


async def test_a_partner_pulls_each_need_change_once_in_change_order(api: ApiClient) -> None:
    # given an office that synced five needs, and a partner that mirrored them page by page
    _, office, incident = await lu_an_flood(api)
    await _sync(api, office.token, incident, [_row(f"AH-{n}") for n in range(5)])
    mirrored, cursor, pages = await pull(api, "needs", first=2, incidentId=incident)
    assert pages == 3 and len({n["id"] for n in mirrored}) == 5
    assert [n["updatedAt"] for n in mirrored] == sorted(n["updatedAt"] for n in mirrored)

    # when the office changes one quantity and drops two needs from its list
    kept = [_row("AH-0"), _row("AH-1", quantity=250), _row("AH-3")]
    synced = await _sync(api, office.token, incident, kept, cancelMissing=True)
    assert (synced["updated"], synced["unchanged"], synced["cancelled"]) == (1, 2, 2)

    # then the next pull from the kept cursor brings exactly those three, in their new
    # state, the cancelled ones with their status
    changed, cursor_after, _ = await pull(api, "needs", after=cursor, incidentId=incident)
    assert sorted((n["externalId"], n["status"], n["quantity"]) for n in changed) == [
        ("AH-1", "OPEN", 250),
        ("AH-2", "CANCELLED", 100),
        ("AH-4", "CANCELLED", 100),
    ]
    assert min(n["updatedAt"] for n in changed) >= max(n["updatedAt"] for n in mirrored)
    # and a pull with nothing new brings nothing and keeps the cursor
    assert await pull(api, "needs", after=cursor_after, incidentId=incident) == (
        [],
        cursor_after,
        1,
    )


async def test_offers_allocations_dispatches_and_organizations_come_back_with_their_status(
    api: ApiClient,
) -> None:
    # given a charity's pledge with its dispatch, mirrored by the office's platform
    scene = await dispatch_scene(api)
    office = scene.office.token
    lists = {
        "offers": None,
        "allocations": office,
        "dispatches": office,
        "organizations": office,
    }
    cursors = {}
    for name, token in lists.items():
        nodes, cursors[name], _ = await pull(api, name, token=token)
        assert nodes, name

    # when the office cancels the dispatch and suspends the charity
    cancelled = await api.mutate(
        "updateDispatchStatus",
        DISPATCH["UpdateDispatchStatus"],
        {"dispatchId": scene.dispatch_id, "status": "CANCELLED"},
        office,
    )
    assert cancelled["userErrors"] == [], cancelled
    suspended = await review(api, office, scene.charity.id, "SUSPEND", "名单核查")
    assert suspended["userErrors"] == [], suspended

    # then each list brings back only what changed, in its new state
    seen = {
        name: (await pull(api, name, after=cursors[name], token=token))[0]
        for name, token in lists.items()
    }
    assert [(n["id"], n["status"]) for n in seen["dispatches"]] == [
        (scene.dispatch_id, "CANCELLED")
    ]
    assert [(n["status"], n["source"]) for n in seen["allocations"]] == [("CANCELLED", "PLEDGE")]
    # the units went back to the offer: its counters moved in one SQL statement
    assert [(n["id"], n["quantityCommitted"], n["quantityFree"]) for n in seen["offers"]] == [
        (scene.offer_id, 0, 100)
    ]
    assert [(n["id"], n["status"]) for n in seen["organizations"]] == [
        (scene.charity.id, "SUSPENDED")
    ]


async def test_a_cursor_of_another_order_and_a_time_without_zone_or_range_are_refused(
    api: ApiClient,
) -> None:
    # given a cursor of the needs list in creation order
    _, office, incident = await lu_an_flood(api)
    await _sync(api, office.token, incident, [_row("AH-0"), _row("AH-1")])
    plain = await api.gql("{ needs(first: 1) { pageInfo { endCursor } } }")
    creation_cursor = plain["needs"]["pageInfo"]["endCursor"]

    # when it is sent to the list in change order, or updatedSince has no zone
    variables = {"filter": {"updatedSince": EPOCH}, "after": creation_cursor}
    mixed = await api.post(PARTNERS["NeedsChangedSince"], variables)
    naive = {"filter": {"updatedSince": "2020-07-21T18:00:00"}}
    zoneless = await api.post(PARTNERS["NeedsChangedSince"], naive)
    first_day = {"filter": {"updatedSince": "0001-01-01T00:00:00+14:00"}}
    before_utc = await api.post(PARTNERS["NeedsChangedSince"], first_day)

    # then each is refused on its argument, never a server error
    refusals = ((mixed, "after"), (zoneless, "updatedSince"), (before_utc, "updatedSince"))
    for answer, field in refusals:
        assert answer.status_code == 200
        (error,) = answer.json()["errors"]
        assert error["extensions"]["code"] == "INVALID", error
        assert error["extensions"]["field"] == [field], error
