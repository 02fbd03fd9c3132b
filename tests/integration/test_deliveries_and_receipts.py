"""Deliveries as facts, receipts confirmed, over GraphQL: only what the receiving side
confirms counts, a short completion hands the rest back and asks for a round, and bad
input is refused on its field with nothing written."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from domain.kernel.enums import RoundStatus, RoundTrigger
from domain.matching.records import MatchingRound
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, LOOP
from tests.steps.registry import codes, register_volunteer, row_counts
from tests.steps.relief import DispatchScene, dispatch_scene

OFFER = """query Offer($id: ID!) { node(id: $id) { ... on Offer { status quantityCommitted } } }"""
VIEWER = """query Viewer { viewer { id } }"""


async def en_route(api: ApiClient, pledge: int = 40) -> DispatchScene:
    """A need for 40 tents, a charity's dispatch of `pledge` of them, on its way."""
    s = await dispatch_scene(api, pledge=pledge)
    for status in ("ACKNOWLEDGED", "EN_ROUTE"):
        moved = await api.mutate(
            "updateDispatchStatus",
            DISPATCH["UpdateDispatchStatus"],
            {"dispatchId": s.dispatch_id, "status": status},
            s.charity.token,
        )
        assert moved["userErrors"] == [], moved
    return s


async def record(api: ApiClient, s: DispatchScene, quantity: int, **more: Any) -> dict[str, Any]:
    values = {"dispatchId": s.dispatch_id, "quantity": quantity, **more}
    return await api.mutate("recordDelivery", LOOP["RecordDelivery"], values, s.charity.token)


async def confirm(
    api: ApiClient, s: DispatchScene, quantity: int, token: str = "", **more: Any
) -> dict[str, Any]:
    values = {"dispatchId": s.dispatch_id, "quantityReceived": quantity, **more}
    return await api.mutate(
        "confirmReceipt", LOOP["ConfirmReceipt"], values, token or s.office.token
    )


async def standing(api: ApiClient, s: DispatchScene) -> dict[str, Any]:
    return (await api.gql(LOOP["NeedStanding"], {"id": s.need_id}))["node"]  # type: ignore[no-any-return]


async def test_two_deliveries_count_once_confirmed_and_a_short_completion_hands_back(
    api: ApiClient,
) -> None:
    # given 40 tents on their way for a need of 40
    s = await en_route(api)

    # when the charity records 10 tents with a note, then 15 with a photo
    first = await record(api, s, 10, note="第一车")
    second = await record(api, s, 15, photoRef="https://photos.example.org/rh/2.jpg")

    # then the dispatch is DELIVERED with both deliveries, 25 in all
    assert first["userErrors"] == second["userErrors"] == []
    dispatch = second["dispatch"]
    assert (dispatch["status"], dispatch["deliveredQuantity"]) == ("DELIVERED", 25)
    assert [(d["quantity"], d["note"]) for d in dispatch["deliveries"]] == [
        (10, "第一车"),
        (15, None),
    ]
    # and the need counts nothing delivered yet: the 25 are short until confirmed
    need = await standing(api, s)
    assert (need["quantityDelivered"], need["shortfall"]) == (0, 25)

    # when the office confirms the 25 arrived
    confirmed = await confirm(api, s, 25)

    # then they count, and the 15 still on their way are not short
    assert confirmed["dispatch"]["receivedQuantity"] == 25
    need = await standing(api, s)
    assert (need["status"], need["quantityDelivered"], need["shortfall"]) == ("ALLOCATED", 25, 0)

    # when the rounds asked for so far have run, and the charity completes the
    # dispatch without the other 15
    async with api.db.transaction() as session:
        await session.execute(update(MatchingRound).values(status=RoundStatus.FINISHED))
    completed = await api.gql(
        LOOP["CompleteDispatch"],
        {"dispatchId": s.dispatch_id, "capacityGone": False},
        s.charity.token,
    )
    payload = completed["updateDispatchStatus"]

    # then the 15 go back to the need and the offer
    assert payload["userErrors"] == []
    assert (payload["dispatch"]["returnedQuantity"], payload["dispatch"]["returnedToOffer"]) == (
        15,
        True,
    )
    need = await standing(api, s)
    assert need == {
        "id": s.need_id,
        "status": "PARTIALLY_ALLOCATED",
        "quantity": 40,
        "quantityAllocated": 25,
        "quantityDelivered": 25,
        "shortfall": 15,
    }
    offer = (await api.gql(OFFER, {"id": s.offer_id}))["node"]
    assert offer == {"status": "AVAILABLE", "quantityCommitted": 25}
    # and a new automatic round of the incident is waiting to fill the gap
    async with api.db.transaction() as session:
        pending = select(MatchingRound).where(MatchingRound.status == RoundStatus.PENDING)
        rounds = (await session.scalars(pending)).all()
    assert [r.trigger for r in rounds] == [RoundTrigger.AUTOMATIC]


async def test_capacity_gone_is_not_handed_back_to_the_offer(api: ApiClient) -> None:
    # given 40 tents on their way, 30 delivered
    s = await en_route(api)
    await record(api, s, 30)

    # when the charity completes, saying the other 10 are gone
    completed = await api.gql(
        LOOP["CompleteDispatch"],
        {"dispatchId": s.dispatch_id, "capacityGone": True},
        s.charity.token,
    )

    # then the need is 10 short again plus the 30 unconfirmed, the offer keeps all 40
    assert completed["updateDispatchStatus"]["dispatch"]["returnedToOffer"] is False
    assert (await standing(api, s))["shortfall"] == 40
    offer = (await api.gql(OFFER, {"id": s.offer_id}))["node"]
    assert offer["quantityCommitted"] == 40


async def test_a_receiver_named_on_the_ground_confirms_and_missing_units_need_a_note(
    api: ApiClient,
) -> None:
    # given 40 tents delivered, and a volunteer on the ground
    s = await en_route(api)
    await record(api, s, 40)
    _, villager = await register_volunteer(api, "341503")
    account = (await api.gql(VIEWER, {}, villager))["viewer"]["id"]

    # when the villager confirms before being named
    early = await confirm(api, s, 36, villager, note="4 顶破损")
    assert codes(early) == [(["dispatchId"], "FORBIDDEN")]

    # when the office names the villager, who confirms 36 without a note, then with one
    named = await api.mutate(
        "nameReceiver",
        LOOP["NameReceiver"],
        {"dispatchId": s.dispatch_id, "accountId": account},
        s.office.token,
    )
    assert named["userErrors"] == [], named
    silent = await confirm(api, s, 36, villager)
    said = await confirm(api, s, 36, villager, note="4 顶破损")

    # then the silent one is refused on the note; the other counts 36, and the 4
    # missing go back to the need as short
    assert codes(silent) == [(["note"], "REQUIRED")]
    assert said["userErrors"] == [] and said["dispatch"]["receivedQuantity"] == 36
    need = await standing(api, s)
    assert (need["quantityDelivered"], need["quantityAllocated"], need["shortfall"]) == (
        36,
        36,
        4,
    )


async def test_bad_input_is_refused_on_its_field_and_writes_nothing(api: ApiClient) -> None:
    # given 40 tents on their way, 20 delivered
    s = await en_route(api)
    await record(api, s, 20)
    before = await row_counts(api)

    # when the charity records more than is left, the office confirms more than was
    # delivered, the charity confirms its own delivery, and the office records one
    over = await record(api, s, 21)
    above = await confirm(api, s, 21)
    own = await confirm(api, s, 20, s.charity.token)
    office_delivers = await api.mutate(
        "recordDelivery",
        LOOP["RecordDelivery"],
        {"dispatchId": s.dispatch_id, "quantity": 1},
        s.office.token,
    )
    long_note = await record(api, s, 1, note="x" * 2001)

    # then each names its field, and nothing was written
    assert codes(over) == [(["quantity"], "INVALID")]
    assert codes(above) == [(["quantityReceived"], "INVALID")]
    assert codes(own) == [(["dispatchId"], "FORBIDDEN")]
    assert codes(office_delivers) == [(["dispatchId"], "FORBIDDEN")]
    assert codes(long_note) == [(["note"], "TOO_LONG")]
    assert all(p["dispatch"] is None for p in (over, above, own, office_delivers, long_note))
    assert await row_counts(api) == before
    need = await standing(api, s)
    assert (need["quantityDelivered"], need["shortfall"]) == (0, 20)


async def test_nothing_is_delivered_before_the_provider_sets_out(api: ApiClient) -> None:
    # given an ISSUED dispatch
    s = await dispatch_scene(api)

    # when the charity records a delivery, and the office confirms a receipt
    early = await record(api, s, 5)
    nothing = await confirm(api, s, 0)

    # then both are refused as transitions of the dispatch
    assert codes(early) == [(["dispatchId"], "INVALID_TRANSITION")]
    assert codes(nothing) == [(["dispatchId"], "INVALID_TRANSITION")]
