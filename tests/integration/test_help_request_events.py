"""Partners hear that a help request was received and that it was closed, in the county's
region, with a version each and without the caller's personal data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest

from domain.kernel import change_order
from tests.client import ApiClient
from tests.integration.documents import PARTNERS
from tests.steps.help_requests import CALLER_PHONE, done, hotline, submitted, triaged
from tests.steps.partners import heard, subscribe_webhook
from tests.support.receivers import HttpReceiver
from workers.embedded import EmbeddedWorkers

EVENTS = ["HELP_REQUEST_RECEIVED", "HELP_REQUEST_CLOSED"]


@pytest.fixture
def settled_at_once() -> Iterator[None]:
    """No time to settle: the pull follows the writes at once (the horizon's rule of the
    oldest running writer still holds)."""
    settle = change_order.SETTLE
    change_order.SETTLE = timedelta(0)
    yield
    change_order.SETTLE = settle


async def test_a_call_is_heard_received_then_closed_in_its_county_only(
    api: ApiClient, workers: EmbeddedWorkers, http_receiver: HttpReceiver
) -> None:
    # given Lu'an's hotline, and partners subscribed for Yu'an and for Huoqiu
    scene = await hotline(api)
    await subscribe_webhook(api, scene.admin, http_receiver.url + "/yuan", EVENTS, ["341503"])
    await subscribe_webhook(api, scene.admin, http_receiver.url + "/huoqiu", EVENTS, ["341522"])

    # when the operator takes a call from Yu'an, triages, answers and closes it
    taken = await submitted(api, scene.operator)
    await triaged(api, scene.operator, taken["id"])
    answer = {"helpRequestId": taken["id"], "note": "告知最近的安置点在镇中学。"}
    await done(api, "answerHelpRequest", answer, scene.operator)
    closing = {"helpRequestId": taken["id"], "note": "已回访，老人已转移。"}
    await done(api, "closeHelpRequest", closing, scene.operator)
    await workers.drain()

    # then Yu'an's partner heard it received, then closed, the version rising (sends run
    # at once, so arrival order is not the order of changes: the version is)
    received, closed = sorted(heard(http_receiver, "/yuan"), key=lambda e: e["data"]["version"])
    assert (received["type"], closed["type"]) == tuple(EVENTS)
    assert received["data"]["id"] == closed["data"]["id"] == taken["id"]
    assert (received["data"]["status"], closed["data"]["status"]) == ("RECEIVED", "CLOSED")
    assert received["data"]["version"] < closed["data"]["version"]
    assert closed["data"]["reference"] == taken["reference"]
    assert closed["data"]["regionCode"] == "341503" and closed["data"]["closedAt"]
    # and nothing in either says who called, from where, or the phone
    for told in (received, closed):
        body = json.dumps(told, ensure_ascii=False)
        assert "张大爷" not in body and CALLER_PHONE not in body and "新桥村" not in body
    # and Huoqiu's partner heard nothing
    assert heard(http_receiver, "/huoqiu") == []


async def test_a_mirror_pulls_help_requests_by_change_and_sees_them_closed(
    api: ApiClient, settled_at_once: None
) -> None:
    # given Lu'an's hotline with two calls taken, and the office pulling every change
    scene = await hotline(api)
    first = await submitted(api, scene.operator)
    second = await submitted(api, scene.operator, regionCode="341522")
    since = {"updatedSince": "2000-01-01T00:00:00+00:00"}
    pulled = await api.gql(
        PARTNERS["HelpRequestsChangedSince"], {"filter": since, "first": 10}, scene.office.token
    )
    page = pulled["helpRequests"]
    assert [e["node"]["id"] for e in page["edges"]] == [first["id"], second["id"]]

    # when the first is triaged, answered and closed, and the office pulls from its cursor
    await triaged(api, scene.operator, first["id"])
    answer = {"helpRequestId": first["id"], "note": "已解答"}
    await done(api, "answerHelpRequest", answer, scene.operator)
    await done(api, "closeHelpRequest", {**answer, "note": "已回访"}, scene.operator)
    more = await api.gql(
        PARTNERS["HelpRequestsChangedSince"],
        {"filter": since, "first": 10, "after": page["pageInfo"]["endCursor"]},
        scene.office.token,
    )

    # then exactly the closed one comes back, CLOSED
    [edge] = more["helpRequests"]["edges"]
    assert (edge["node"]["id"], edge["node"]["status"]) == (first["id"], "CLOSED")
