"""Partner sync of needs: idempotent on external ids, all rows or none, safe when raced."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from domain.needs.model import Need
from tests.client import ApiClient
from tests.integration.documents import MATCHING, REGISTRY
from tests.steps.registry import Office, codes, office_with_staff, row_counts
from tests.steps.relief import flood_incident

SYNC = """mutation SyncNeeds($input: SyncNeedsInput!) { syncNeeds(input: $input) {
  needs { id externalId quantity urgency region { code } category { code } }
  created updated unchanged userErrors { field message code } } }"""


def _row(external_id: str, region: str = "341503", quantity: int = 100, **extra: Any) -> dict:
    return {
        "externalId": external_id,
        "regionCode": region,
        "categoryCode": "DRINKING_WATER",
        "quantity": quantity,
        "urgency": "HIGH",
        "neededBy": "2020-07-25T18:00:00+08:00",
    } | extra


PROVINCIAL_BATCH = [
    _row("AH-LA-0001"),
    _row("AH-LA-0002", "341522", 300, categoryCode="TENTS"),
    _row("AH-LA-0003", "341503", 40, description="同一县的第二个安置点"),
]


async def _sync(api: ApiClient, token: str, incident: str, rows: list[dict]) -> Any:
    return await api.mutate("syncNeeds", SYNC, {"incidentId": incident, "needs": rows}, token)


async def _office_and_incident(api: ApiClient) -> tuple[Office, str]:
    office = await office_with_staff(api, await api.admin_token(), "341500", "六安市民政局")
    return office, await flood_incident(api, office, ["341503", "341522"])


async def _need_count(api: ApiClient) -> int:
    async with api.db.transaction() as session:
        return await session.scalar(select(func.count()).select_from(Need)) or 0


def _tally(payload: dict) -> tuple[int, int, int]:
    return payload["created"], payload["updated"], payload["unchanged"]


async def test_a_second_sync_of_the_same_batch_changes_nothing(api: ApiClient) -> None:
    # given an office that synced a provincial batch once
    office, incident = await _office_and_incident(api)
    first = await _sync(api, office.token, incident, PROVINCIAL_BATCH)
    assert first["userErrors"] == [] and _tally(first) == (3, 0, 0)

    # when the provincial system sends the same batch again
    second = await _sync(api, office.token, incident, PROVINCIAL_BATCH)

    # then the same needs come back, unchanged, and none was added
    assert _tally(second) == (0, 0, 3)
    assert [n["id"] for n in second["needs"]] == [n["id"] for n in first["needs"]]
    assert [n["externalId"] for n in second["needs"]] == ["AH-LA-0001", "AH-LA-0002", "AH-LA-0003"]
    assert await _need_count(api) == 3


async def test_a_changed_row_updates_its_need_and_a_new_id_adds_one(api: ApiClient) -> None:
    # given a synced batch
    office, incident = await _office_and_incident(api)
    first = await _sync(api, office.token, incident, PROVINCIAL_BATCH)

    # when one quantity and urgency changed and one need is new
    changed = [_row("AH-LA-0001", quantity=800, urgency="CRITICAL"), *PROVINCIAL_BATCH[1:]]
    second = await _sync(api, office.token, incident, [*changed, _row("AH-LA-0004", "341522")])

    # then the known need is updated in place and only the new id is created
    assert second["userErrors"] == []
    assert _tally(second) == (1, 1, 2)
    updated = second["needs"][0]
    assert (updated["id"], updated["quantity"], updated["urgency"]) == (
        first["needs"][0]["id"],
        800,
        "CRITICAL",
    )
    assert await _need_count(api) == 4


async def test_every_bad_row_is_named_by_index_and_nothing_is_written(api: ApiClient) -> None:
    # given an office and its incident
    office, incident = await _office_and_incident(api)
    before = await row_counts(api)

    # when a batch mixes good rows with bad ones
    rows = [
        _row("AH-LA-0001"),
        _row("AH-LA-0002", quantity=0),
        _row("AH-LA-0003", "341524"),  # 金寨县: not affected by this incident
        _row("AH-LA-0001", "341522"),
        _row("  ", categoryCode="NOT_A_CATEGORY"),
        _row("AH-LA-0006", neededBy="2020-07-25T18:00:00"),
    ]
    payload = await _sync(api, office.token, incident, rows)

    # then each bad row is named by its index in the batch and its field
    assert payload["needs"] is None and _tally(payload) == (0, 0, 0)
    assert [(tuple(f), c) for f, c in codes(payload)] == [
        (("needs", "1", "quantity"), "INVALID"),
        (("needs", "2", "regionCode"), "OUT_OF_JURISDICTION"),
        (("needs", "3", "externalId"), "DUPLICATE"),
        (("needs", "4", "externalId"), "REQUIRED"),
        (("needs", "5", "neededBy"), "INVALID"),
    ]
    # and nothing was written, not even the good row
    assert await row_counts(api) == before


async def test_a_known_id_keeps_its_region_and_category(api: ApiClient) -> None:
    office, incident = await _office_and_incident(api)
    await _sync(api, office.token, incident, PROVINCIAL_BATCH)

    moved = await _sync(api, office.token, incident, [_row("AH-LA-0001", "341522")])
    recategorised = await _sync(api, office.token, incident, [_row("AH-LA-0002", "341522")])

    assert codes(moved) == [(["needs", "0", "regionCode"], "INVALID")]
    assert codes(recategorised) == [(["needs", "0", "categoryCode"], "INVALID")]


async def test_more_than_a_thousand_needs_are_refused(api: ApiClient) -> None:
    office, incident = await _office_and_incident(api)

    payload = await _sync(api, office.token, incident, [_row(f"N{i}") for i in range(1001)])
    empty = await _sync(api, office.token, incident, [])

    assert codes(payload) == [(["needs"], "TOO_LONG")]
    assert codes(empty) == [(["needs"], "REQUIRED")]
    assert await _need_count(api) == 0


async def test_external_ids_are_scoped_to_the_publishing_office(api: ApiClient) -> None:
    # given the prefecture's office and the Yu'an district office, both managing the incident
    admin = await api.admin_token()
    office, incident = await _office_and_incident(api)
    district = await office_with_staff(api, admin, "341503", "裕安区民政局")

    # when both sync a need under the same id of their own systems
    ours = await _sync(api, office.token, incident, [_row("0001")])
    theirs = await _sync(api, district.token, incident, [_row("0001")])

    # then they are two needs, one per office
    assert _tally(ours) == _tally(theirs) == (1, 0, 0)
    assert ours["needs"][0]["id"] != theirs["needs"][0]["id"]


async def test_partners_sync_with_a_needs_token_and_nobody_else(api: ApiClient) -> None:
    # given the office's partner tokens, one with the NEEDS scope and one without
    office, incident = await _office_and_incident(api)
    tokens = {}
    for scopes in (["NEEDS"], ["REGISTRY"]):
        made = await api.mutate(
            "createApiToken",
            REGISTRY["CreateApiToken"],
            {"name": "省平台", "scopes": scopes},
            office.token,
        )
        tokens[scopes[0]] = made["token"]
    elsewhere = await office_with_staff(api, await api.admin_token(), "341100", "滁州市民政局")

    # when each of them syncs
    partner = await _sync(api, tokens["NEEDS"], incident, PROVINCIAL_BATCH)
    narrow = await _sync(api, tokens["REGISTRY"], incident, PROVINCIAL_BATCH)
    foreign = await _sync(api, elsewhere.token, incident, PROVINCIAL_BATCH)
    anonymous = await api.mutate("syncNeeds", SYNC, {"incidentId": incident, "needs": []})

    # then only the partner token with the NEEDS scope publishes
    assert _tally(partner) == (3, 0, 0)
    assert codes(narrow) == [(None, "FORBIDDEN")]
    assert codes(foreign) == [(["incidentId"], "OUT_OF_JURISDICTION")]
    assert codes(anonymous) == [(None, "UNAUTHENTICATED")]


async def test_two_identical_syncs_at_once_create_each_need_once(api: ApiClient) -> None:
    # given an office and a batch the provincial system sends twice at the same moment
    office, incident = await _office_and_incident(api)
    batch = [_row(f"AH-LA-{i:04d}", "341503" if i % 2 else "341522") for i in range(40)]

    # when both requests race
    results = await asyncio.gather(*(_sync(api, office.token, incident, batch) for _ in range(2)))

    # then one created every need and the other found them all unchanged
    assert [r["userErrors"] for r in results] == [[], []]
    assert Counter(_tally(r) for r in results) == Counter({(40, 0, 0): 1, (0, 0, 40): 1})
    assert await _need_count(api) == 40


async def test_a_cancelled_need_is_not_revived_by_a_sync(api: ApiClient) -> None:
    # given a synced need the office has since cancelled
    office, incident = await _office_and_incident(api)
    first = await _sync(api, office.token, incident, PROVINCIAL_BATCH[:1])
    need = first["needs"][0]["id"]
    cancelled = await api.mutate(
        "cancelNeed", MATCHING["CancelNeed"], {"needId": need}, office.token
    )
    assert cancelled["userErrors"] == []

    # when the partner sends it again, as it was and then with a new quantity
    same = await _sync(api, office.token, incident, PROVINCIAL_BATCH[:1])
    more = await _sync(api, office.token, incident, [_row("AH-LA-0001", quantity=900)])

    # then it is left as it is, and a change is refused on the external id
    assert _tally(same) == (0, 0, 1)
    assert codes(more) == [(["needs", "0", "externalId"], "INVALID_TRANSITION")]
