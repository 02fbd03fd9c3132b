"""Partner events: every change a partner acts on reaches its webhook, signed, naming the
object's global id, its new state and a version that grows with every change of it."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import timedelta
from typing import Any

from standardwebhooks import Webhook

from domain.kernel.db.base import utcnow
from domain.kernel.enums import WebhookEvent
from domain.kernel.global_ids import from_global_id
from domain.kernel.outbox import NEED_PUBLISHED, emit
from domain.needs.deadlines import mark_overdue
from tests.client import ApiClient
from tests.integration.documents import DISPATCH
from tests.steps.loop import proposals, run_waiting, send
from tests.steps.partners import heard, subscribe_webhook
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import DOCUMENTS, SOON, WINDOW, flood_incident, published_need
from tests.support.receivers import HttpReceiver
from workers.embedded import EmbeddedWorkers

# Every change of relief work; help requests' events are heard in their own story
# (test_help_request_events.py).
EVERY_CHANGE = [
    e.value
    for e in WebhookEvent
    if e
    not in (
        WebhookEvent.MATCHING_ROUND_FINISHED,
        WebhookEvent.ORGANIZATION_REVIEWED,
        WebhookEvent.HELP_REQUEST_RECEIVED,
        WebhookEvent.HELP_REQUEST_CLOSED,
    )
]
UPDATE_OFFER = """mutation UpdateOffer($input: UpdateOfferInput!) { updateOffer(input: $input) {
  offer { id quantity } userErrors { field code } } }"""
TENTS = {"categoryCode": "TENTS", "neededBy": SOON, "confirmDuplicate": True}


def kind_of(global_id: str) -> str:
    decoded = from_global_id(global_id)
    assert decoded is not None, global_id
    return decoded[0]


def by_object(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each object's events, in the order of their versions."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        grouped[event["data"]["id"]].append(event)
    return {
        key: sorted(found, key=lambda e: e["data"]["version"]) for key, found in grouped.items()
    }


async def mutate(api: ApiClient, field: str, document: str, values: dict[str, Any], token: str):  # type: ignore[no-untyped-def]
    payload = await api.mutate(field, document, values, token)
    assert payload["userErrors"] == [], payload
    return payload


async def test_a_partner_hears_every_change_signed_with_its_object_state_and_version(
    api: ApiClient, workers: EmbeddedWorkers, http_receiver: HttpReceiver
) -> None:
    # given a partner subscribed to every change, an office, an incident and a charity
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    charity = await verified_organization(api, office.token, 21, "341502", kind="CHARITY")
    secret = await subscribe_webhook(api, admin, http_receiver.url + "/hooks", EVERY_CHANGE)

    # when a need is published and changed, an offer posted and changed
    need = await published_need(api, office.token, incident, quantity=40, **TENTS)
    await mutate(
        api, "updateNeed", DOCUMENTS["UpdateNeed"], {"needId": need, "quantity": 60}, office.token
    )
    posted = await send(
        api,
        "PostOffer",
        {"categoryCode": "TENTS", "quantity": 100, "serviceRegionCodes": ["341500"], **WINDOW},
        charity.token,
    )
    offer = posted["offer"]["id"]
    await mutate(
        api, "updateOffer", UPDATE_OFFER, {"offerId": offer, "quantity": 120}, charity.token
    )
    # and a round proposes, the charity accepts, delivers, the office confirms receipt
    await run_waiting(api, incident)
    (proposal,) = await proposals(api, incident, office.token)
    accepted = await send(api, "AcceptAllocation", {"allocationId": proposal["id"]}, charity.token)
    dispatch = accepted["dispatch"]["id"]
    for status in ("ACKNOWLEDGED", "EN_ROUTE"):
        values = {"dispatchId": dispatch, "status": status}
        await mutate(
            api, "updateDispatchStatus", DISPATCH["UpdateDispatchStatus"], values, charity.token
        )
    await send(api, "RecordDelivery", {"dispatchId": dispatch, "quantity": 45}, charity.token)
    await send(
        api, "ConfirmReceipt", {"dispatchId": dispatch, "quantityReceived": 45}, office.token
    )
    # and the office assigns the offer to a second need, then vetoes that
    second = await published_need(api, office.token, incident, quantity=10, **TENTS)
    assigned = await send(
        api, "AssignOffer", {"offerId": offer, "needId": second, "quantity": 5}, office.token
    )
    vetoed = assigned["allocation"]["id"]
    await send(api, "VetoAllocation", {"allocationId": vetoed, "reason": "太远"}, office.token)
    # and the charity declines a third need's proposal; a fourth need's lapses as it is cancelled
    third = await published_need(api, office.token, incident, quantity=10, **TENTS)
    await run_waiting(api, incident)
    (declined,) = [
        p for p in await proposals(api, incident, office.token) if p["need"]["id"] == third
    ]
    reason = {"allocationId": declined["id"], "reason": "库存不足"}
    await send(api, "DeclineAllocationWithReason", reason, charity.token)
    fourth = await published_need(api, office.token, incident, quantity=10, **TENTS)
    await run_waiting(api, incident)
    (lapsing,) = [
        p for p in await proposals(api, incident, office.token) if p["need"]["id"] == fourth
    ]
    await send(api, "CancelNeed", {"needId": fourth}, office.token)
    # and the needs still short pass their needed-by; the charity withdraws its offer
    async with api.db.transaction() as session:
        assert await mark_overdue(session, utcnow() + timedelta(days=3)) == 2
    await send(api, "WithdrawOffer", {"offerId": offer}, charity.token)
    await workers.drain()

    # then every event type arrived, each signed with the subscription's secret
    hooks = [r for r in http_receiver.received if r.path == "/hooks"]
    for hook in hooks:
        Webhook(secret).verify(hook.body, hook.headers)
    events = heard(http_receiver)
    assert {e["type"] for e in events} == set(EVERY_CHANGE)
    # and each names its object, its new state and a version
    expected = {
        "NEED_PUBLISHED": ("Need", "OPEN"),
        "NEED_CANCELLED": ("Need", "CANCELLED"),
        "NEED_OVERDUE": ("Need", "OVERDUE"),
        "OFFER_POSTED": ("Offer", "AVAILABLE"),
        "OFFER_UPDATED": ("Offer", "AVAILABLE"),
        "OFFER_WITHDRAWN": ("Offer", "WITHDRAWN"),
        "ALLOCATION_PROPOSED": ("Allocation", "PROPOSED"),
        "ALLOCATION_ACCEPTED": ("Allocation", "ACCEPTED"),
        "ALLOCATION_DECLINED": ("Allocation", "DECLINED"),
        "ALLOCATION_EXPIRED": ("Allocation", "EXPIRED"),
        "ALLOCATION_VETOED": ("Allocation", "VETOED"),
        "ALLOCATION_ASSIGNED": ("Allocation", "PROPOSED"),
        "DISPATCH_ISSUED": ("Dispatch", "ISSUED"),
        "DELIVERY_RECORDED": ("Delivery", "RECORDED"),
        "DELIVERY_CONFIRMED": ("Receipt", "CONFIRMED"),
    }
    for event in events:
        data = event["data"]
        assert isinstance(data["version"], int) and data["version"] >= 1, event
        if event["type"] in expected:
            assert (kind_of(data["id"]), data["status"]) == expected[event["type"]], event
    one = {e["type"]: e["data"] for e in events}
    assert one["OFFER_UPDATED"]["id"] == offer and one["OFFER_UPDATED"]["quantity"] == 120
    assert one["ALLOCATION_VETOED"]["id"] == vetoed and one["ALLOCATION_VETOED"]["reason"] == "太远"
    assert one["ALLOCATION_DECLINED"]["id"] == declined["id"]
    assert one["ALLOCATION_EXPIRED"]["id"] == lapsing["id"]
    recorded = one["DELIVERY_RECORDED"]
    assert (recorded["dispatchId"], recorded["quantity"], recorded["dispatchedQuantity"]) == (
        dispatch,
        45,
        60,
    )
    assert one["DELIVERY_CONFIRMED"]["quantityReceived"] == 45

    # and each object's versions grow with its changes, never repeating
    objects = by_object(events)
    for changes in objects.values():
        versions = [e["data"]["version"] for e in changes]
        assert len(set(versions)) == len(versions), changes
    assert [e["data"]["status"] for e in objects[dispatch]] == [
        "ISSUED",
        "ACKNOWLEDGED",
        "EN_ROUTE",
        "DELIVERED",
    ]
    assert [e["type"] for e in objects[proposal["id"]]] == [
        "ALLOCATION_PROPOSED",
        "ALLOCATION_ACCEPTED",
    ]
    assert [e["type"] for e in objects[offer]] == [
        "OFFER_POSTED",
        "OFFER_UPDATED",
        "OFFER_WITHDRAWN",
    ]
    # and the need's status, following its allocations, is a change too
    assert [(e["type"], e["data"]["status"], e["data"]["quantity"]) for e in objects[need]] == [
        ("NEED_PUBLISHED", "OPEN", 40),
        ("NEED_UPDATED", "OPEN", 60),
        ("NEED_UPDATED", "ALLOCATED", 60),
    ]
    assert [e["type"] for e in objects[fourth]] == ["NEED_PUBLISHED", "NEED_CANCELLED"]


async def test_concurrent_changes_of_one_need_carry_distinct_versions_in_commit_order(
    api: ApiClient, workers: EmbeddedWorkers, http_receiver: HttpReceiver
) -> None:
    # given a partner hearing of need updates, and one need
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    need = await published_need(api, office.token, incident, quantity=40, **TENTS)
    await subscribe_webhook(api, admin, http_receiver.url + "/hooks", ["NEED_UPDATED"])

    # when the office changes it eight times at once
    quantities = range(41, 49)
    await asyncio.gather(
        *(
            mutate(
                api,
                "updateNeed",
                DOCUMENTS["UpdateNeed"],
                {"needId": need, "quantity": q},
                office.token,
            )
            for q in quantities
        )
    )
    await workers.drain()

    # then the partner heard eight versions, all distinct
    events = by_object(heard(http_receiver))[need]
    assert len({e["data"]["version"] for e in events}) == len(quantities)
    # and the newest version carries the need as it finally is
    final = await api.gql(
        "query N($id: ID!) { node(id: $id) { ... on Need { quantity } } }", {"id": need}
    )
    assert events[-1]["data"]["quantity"] == final["node"]["quantity"]
    assert sorted(e["data"]["quantity"] for e in events) == list(quantities)


async def test_an_event_queued_before_changes_rode_on_events_still_reaches_partners(
    api: ApiClient, workers: EmbeddedWorkers, http_receiver: HttpReceiver
) -> None:
    # given a need, and its publication queued as releases before this one wrote it
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    need = await published_need(api, office.token, incident, quantity=40, **TENTS)
    await workers.drain()
    await subscribe_webhook(api, admin, http_receiver.url + "/hooks", ["NEED_PUBLISHED"])
    raw = from_global_id(need)
    assert raw is not None
    async with api.db.transaction() as session:
        emit(session, NEED_PUBLISHED, {"needId": str(raw[1])})

    # when the workers fan it out
    await workers.drain()

    # then the partner hears of the need as it now is, at its present version
    (event,) = heard(http_receiver)
    assert (event["type"], event["data"]["id"], event["data"]["status"]) == (
        "NEED_PUBLISHED",
        need,
        "OPEN",
    )
    assert event["data"]["version"] >= 1
