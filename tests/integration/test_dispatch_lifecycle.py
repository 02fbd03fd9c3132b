"""Dispatches move ISSUED → ACKNOWLEDGED → EN_ROUTE → DELIVERED → COMPLETED, or are cancelled."""

from __future__ import annotations

from tests.client import ApiClient
from tests.integration.documents import DISPATCH, LOOP
from tests.steps.relief import dispatch_scene

NEED = """query Need($id: ID!) { node(id: $id) { ... on Need {
  status quantity quantityAllocated quantityDelivered shortfall } } }"""
OFFER = """query Offer($id: ID!) { node(id: $id) { ... on Offer {
  status quantityCommitted } } }"""


async def move(
    api: ApiClient, token: str, dispatch_id: str, status: str, delivered: int | None = None
) -> dict:
    payload = {"dispatchId": dispatch_id, "status": status}
    if delivered is not None:
        payload["deliveredQuantity"] = delivered
    return await api.mutate(
        "updateDispatchStatus", DISPATCH["UpdateDispatchStatus"], payload, token
    )  # type: ignore[no-any-return]


async def test_the_provider_walks_its_dispatch_to_completion_and_the_need_is_fulfilled(
    api: ApiClient,
) -> None:
    # given an ISSUED dispatch of 40 tents for a need of 40
    s = await dispatch_scene(api)

    # when the charity acknowledges, sets out, delivers all 40 and completes
    for status in ("ACKNOWLEDGED", "EN_ROUTE"):
        moved = await move(api, s.charity.token, s.dispatch_id, status)
        assert moved["userErrors"] == [] and moved["dispatch"]["status"] == status
    delivered = await move(api, s.charity.token, s.dispatch_id, "DELIVERED", 40)
    assert delivered["dispatch"]["deliveredQuantity"] == 40
    completed = await move(api, s.charity.token, s.dispatch_id, "COMPLETED")

    # then the dispatch is COMPLETED, but only the provider said the tents arrived: the
    # need counts none delivered and is still 40 short
    assert completed["dispatch"]["status"] == "COMPLETED"
    need = (await api.gql(NEED, {"id": s.need_id}))["node"]
    assert (need["status"], need["quantityDelivered"], need["shortfall"]) == ("ALLOCATED", 0, 40)

    # when the office confirms that all 40 arrived
    receipt = {"dispatchId": s.dispatch_id, "quantityReceived": 40}
    confirmed = await api.mutate("confirmReceipt", LOOP["ConfirmReceipt"], receipt, s.office.token)
    assert confirmed["userErrors"] == [], confirmed

    # then the need is FULFILLED with 40 delivered and nothing short
    need = (await api.gql(NEED, {"id": s.need_id}))["node"]
    assert need == {
        "status": "FULFILLED",
        "quantity": 40,
        "quantityAllocated": 40,
        "quantityDelivered": 40,
        "shortfall": 0,
    }


async def test_illegal_moves_over_delivery_and_strangers_get_user_errors(api: ApiClient) -> None:
    # given an ISSUED dispatch
    s = await dispatch_scene(api)

    # when it skips a step, a stranger moves it, or the provider cancels it
    skipped = await move(api, s.charity.token, s.dispatch_id, "DELIVERED", 10)
    stranger = await move(api, s.other.token, s.dispatch_id, "ACKNOWLEDGED")
    provider_cancels = await move(api, s.charity.token, s.dispatch_id, "CANCELLED")

    # then each is refused with its code, and nothing moved
    assert skipped["userErrors"][0]["code"] == "INVALID_TRANSITION"
    assert stranger["userErrors"][0]["code"] == "FORBIDDEN"
    assert provider_cancels["userErrors"][0]["code"] == "FORBIDDEN"

    # when it is en route and the charity claims more than was dispatched, or none
    await move(api, s.charity.token, s.dispatch_id, "ACKNOWLEDGED")
    await move(api, s.charity.token, s.dispatch_id, "EN_ROUTE")
    too_much = await move(api, s.charity.token, s.dispatch_id, "DELIVERED", 41)
    nothing = await move(api, s.charity.token, s.dispatch_id, "DELIVERED")

    # then both name deliveredQuantity, and the need shows nothing delivered
    assert too_much["userErrors"][0]["field"] == ["deliveredQuantity"]
    assert nothing["userErrors"][0]["field"] == ["deliveredQuantity"]
    assert (await api.gql(NEED, {"id": s.need_id}))["node"]["quantityDelivered"] == 0


async def test_the_office_cancels_and_the_units_go_back(api: ApiClient) -> None:
    # given an ISSUED dispatch of 25 of the 40 tents
    s = await dispatch_scene(api, pledge=25)

    # when the office cancels it
    cancelled = await move(api, s.office.token, s.dispatch_id, "CANCELLED")

    # then the need and the offer have those units back
    assert cancelled["dispatch"]["status"] == "CANCELLED"
    need = (await api.gql(NEED, {"id": s.need_id}))["node"]
    assert (need["status"], need["quantityAllocated"]) == ("OPEN", 0)
    offer = (await api.gql(OFFER, {"id": s.offer_id}))["node"]
    assert offer == {"status": "AVAILABLE", "quantityCommitted": 0}
    # and a cancelled dispatch moves no more
    again = await move(api, s.charity.token, s.dispatch_id, "ACKNOWLEDGED")
    assert again["userErrors"][0]["code"] == "INVALID_TRANSITION"
