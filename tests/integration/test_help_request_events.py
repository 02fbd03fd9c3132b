"""Partners hear that a help request was received and that it was closed, in the county's
region, with a version each and without the caller's personal data."""

from __future__ import annotations

import json

from tests.client import ApiClient
from tests.steps.help_requests import CALLER_PHONE, done, hotline, submitted, triaged
from tests.steps.partners import heard, subscribe_webhook
from tests.support.receivers import HttpReceiver
from workers.embedded import EmbeddedWorkers

EVENTS = ["HELP_REQUEST_RECEIVED", "HELP_REQUEST_CLOSED"]


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
