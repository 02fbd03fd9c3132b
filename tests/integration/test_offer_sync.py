"""Partner sync of capacity: idempotent on a provider's external ids, all rows or none,
safe when raced."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from domain.offers.model import Offer
from tests.client import ApiClient
from tests.integration.documents import PARTNERS, REGISTRY
from tests.steps.registry import (
    Provider,
    codes,
    office_with_staff,
    row_counts,
    verified_organization,
)
from tests.steps.relief import WINDOW

# The partner document, plus the offers it leaves out, for the assertions.
SYNC = """mutation SyncOffersShown($input: SyncOffersInput!) { syncOffers(input: $input) {
  offers { id externalId quantity status description category { code } serviceRegionCodes }
  created updated unchanged userErrors { field message code } } }"""


def _row(external_id: str, quantity: int = 100, **extra: Any) -> dict[str, Any]:
    fields = {"categoryCode": "TENTS", "quantity": quantity, "serviceRegionCodes": ["341500"]}
    return {"externalId": external_id} | fields | WINDOW | extra


CAPACITY = [
    _row("RC-TENT-01"),
    _row("RC-WATER-01", 5000, categoryCode="DRINKING_WATER"),
    _row("RC-TENT-02", 30, description="备用仓库"),
]


async def _sync(api: ApiClient, token: str | None, rows: list[dict], document: str = SYNC) -> Any:
    return await api.mutate("syncOffers", document, {"offers": rows}, token)


async def _charity(api: ApiClient, seed: int = 51) -> Provider:
    office = await office_with_staff(api, await api.admin_token(), "341500", "六安市民政局")
    return await verified_organization(api, office.token, seed, "341502")


async def _offer_count(api: ApiClient) -> int:
    async with api.db.transaction() as session:
        return await session.scalar(select(func.count()).select_from(Offer)) or 0


def _tally(payload: dict) -> tuple[int, int, int]:
    return payload["created"], payload["updated"], payload["unchanged"]


async def test_a_second_sync_of_the_same_capacity_changes_nothing(api: ApiClient) -> None:
    # given a charity whose system synced its capacity once, with the partner document
    charity = await _charity(api)
    first = await _sync(api, charity.token, CAPACITY, PARTNERS["SyncOffers"])
    assert first["userErrors"] == [] and _tally(first) == (3, 0, 0)

    # when it sends the same rows again
    second = await _sync(api, charity.token, CAPACITY)

    # then the same offers come back unchanged, and none was added
    assert _tally(second) == (0, 0, 3)
    assert [o["externalId"] for o in second["offers"]] == [
        "RC-TENT-01",
        "RC-WATER-01",
        "RC-TENT-02",
    ]
    assert await _offer_count(api) == 3


async def test_a_changed_row_updates_its_offer_and_a_new_id_adds_one(api: ApiClient) -> None:
    # given synced capacity
    charity = await _charity(api)
    first = await _sync(api, charity.token, CAPACITY)

    # when one quantity changed and one offer is new
    changed = [_row("RC-TENT-01", 250), *CAPACITY[1:], _row("RC-TENT-03", 10)]
    second = await _sync(api, charity.token, changed)

    # then the known offer is updated in place and only the new id is posted
    assert second["userErrors"] == []
    assert _tally(second) == (1, 1, 2)
    assert (second["offers"][0]["id"], second["offers"][0]["quantity"]) == (
        first["offers"][0]["id"],
        250,
    )
    assert await _offer_count(api) == 4


async def test_every_bad_row_is_named_by_index_and_nothing_is_written(api: ApiClient) -> None:
    # given a charity with one synced offer
    charity = await _charity(api)
    await _sync(api, charity.token, CAPACITY[:1])
    before = await row_counts(api)

    # when a batch mixes a good row with bad ones
    rows = [
        _row("RC-NEW"),
        _row("RC-ZERO", 0),
        _row("RC-ODD", categoryCode="NOT_A_CATEGORY"),
        _row("RC-NEW"),
        _row("  "),
        _row("RC-NAIVE", availableFrom="2020-07-21T18:00:00"),
        _row("RC-NOWHERE", serviceRegionCodes=[]),
        _row("RC-TENT-01", categoryCode="DRINKING_WATER"),
        _row("RC-UNKNOWN", serviceRegionCodes=["999999"]),
    ]
    payload = await _sync(api, charity.token, rows)

    # then each bad row is named by its index in the batch and its field
    assert payload["offers"] is None and _tally(payload) == (0, 0, 0)
    assert [(tuple(f), c) for f, c in codes(payload)] == [
        (("offers", "1", "quantity"), "INVALID"),
        (("offers", "2", "categoryCode"), "UNKNOWN_CATEGORY"),
        (("offers", "3", "externalId"), "DUPLICATE"),
        (("offers", "4", "externalId"), "REQUIRED"),
        (("offers", "5", "availableFrom"), "INVALID"),
        (("offers", "6", "serviceRegionCodes"), "REQUIRED"),
        (("offers", "7", "categoryCode"), "INVALID"),
        (("offers", "8", "serviceRegionCodes"), "UNKNOWN_REGION"),
    ]
    # and nothing was written, not even the good row
    assert await row_counts(api) == before


async def test_an_empty_batch_or_more_than_a_thousand_offers_are_refused(api: ApiClient) -> None:
    charity = await _charity(api)

    empty = await _sync(api, charity.token, [])
    too_many = await _sync(api, charity.token, [_row(f"RC-{i}") for i in range(1001)])

    assert codes(empty) == [(["offers"], "REQUIRED")]
    assert codes(too_many) == [(["offers"], "TOO_LONG")]
    assert await _offer_count(api) == 0


async def test_external_ids_belong_to_one_provider(api: ApiClient) -> None:
    # given two charities whose systems happen to use the same ids
    charity = await _charity(api, 51)
    other = await verified_organization(
        api,
        (await office_with_staff(api, await api.admin_token(), "341500", "六安市局")).token,
        52,
        "341502",
    )

    # when both sync
    ours = await _sync(api, charity.token, CAPACITY[:1])
    theirs = await _sync(api, other.token, CAPACITY[:1])

    # then each has its own offer
    assert _tally(ours) == _tally(theirs) == (1, 0, 0)
    assert ours["offers"][0]["id"] != theirs["offers"][0]["id"]


async def test_only_providers_with_the_offers_scope_sync(api: ApiClient) -> None:
    # given the charity's partner tokens, with the OFFERS scope and without it
    charity = await _charity(api)
    tokens = {}
    for scopes in (["OFFERS"], ["NEEDS"]):
        made = await api.mutate(
            "createApiToken",
            REGISTRY["CreateApiToken"],
            {"name": "仓储系统", "scopes": scopes},
            charity.token,
        )
        tokens[scopes[0]] = made["token"]

    # when each syncs, and so does nobody
    partner = await _sync(api, tokens["OFFERS"], CAPACITY)
    narrow = await _sync(api, tokens["NEEDS"], CAPACITY)
    anonymous = await _sync(api, None, CAPACITY)

    # then only the token with OFFERS posts
    assert _tally(partner) == (3, 0, 0)
    assert codes(narrow) == [(None, "FORBIDDEN")]
    assert codes(anonymous) == [(None, "UNAUTHENTICATED")]


async def test_two_identical_syncs_at_once_post_each_offer_once(api: ApiClient) -> None:
    # given a batch the charity's system sends twice at the same moment
    charity = await _charity(api)
    batch = [_row(f"RC-{i:04d}", 10 + i) for i in range(40)]

    # when both requests race
    results = await asyncio.gather(*(_sync(api, charity.token, batch) for _ in range(2)))

    # then one posted every offer and the other found them all unchanged
    assert [r["userErrors"] for r in results] == [[], []]
    assert Counter(_tally(r) for r in results) == Counter({(40, 0, 0): 1, (0, 0, 40): 1})
    assert await _offer_count(api) == 40


async def test_a_withdrawn_offer_is_not_revived_by_a_sync(api: ApiClient) -> None:
    # given a synced offer the charity has since withdrawn
    charity = await _charity(api)
    first = await _sync(api, charity.token, CAPACITY[:1])
    withdrawn = await api.mutate(
        "withdrawOffer",
        """mutation W($input: WithdrawOfferInput!) { withdrawOffer(input: $input) {
          offer { status } userErrors { field code } } }""",
        {"offerId": first["offers"][0]["id"]},
        charity.token,
    )
    assert withdrawn["offer"]["status"] == "WITHDRAWN"

    # when the system sends it again, as it was and then with a new quantity
    same = await _sync(api, charity.token, CAPACITY[:1])
    more = await _sync(api, charity.token, [_row("RC-TENT-01", 900)])

    # then it stays withdrawn, and a change is refused on the external id
    assert _tally(same) == (0, 0, 1) and same["offers"][0]["status"] == "WITHDRAWN"
    assert codes(more) == [(["offers", "0", "externalId"], "INVALID_TRANSITION")]


async def test_a_blank_description_clears_it(api: ApiClient) -> None:
    # given a synced offer with a description
    charity = await _charity(api)
    await _sync(api, charity.token, CAPACITY[2:])

    # when the system sends it with the description blanked
    cleared = await _sync(api, charity.token, [CAPACITY[2] | {"description": " "}])

    # then the offer is updated and has none
    assert _tally(cleared) == (0, 1, 0)
    assert cleared["offers"][0]["description"] is None
