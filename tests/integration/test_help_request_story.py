"""Help requests with the workers running: the requester's SMS reach a real gateway peer,
the operator and the offices hear in their inboxes, and the periodic checks alert, call
down and close on delivery."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from domain.kernel.db.engine import Database
from domain.kernel.enums import Channel
from domain.kernel.settings import Settings
from domain.notify.model import Notification
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, MATCHING
from tests.steps.delivery import running_app
from tests.steps.help_requests import (
    CALLER_PHONE,
    done,
    hotline,
    read,
    send,
    submitted,
    triaged,
)
from tests.steps.loop import matched
from tests.steps.registry import create_office, create_staff, verified_organization
from tests.steps.reports import deliver
from tests.support.receivers import HttpReceiver
from workers import jobs
from workers.embedded import EmbeddedWorkers

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()
WINDOW = {
    "availableFrom": datetime.now(UTC).isoformat(),
    "availableUntil": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
}
TIMINGS = jobs.Timings(triage_within=timedelta(minutes=30), call_down_after=timedelta(hours=72))


@pytest.fixture
async def wired(
    db: Database, http_receiver: HttpReceiver
) -> AsyncIterator[tuple[ApiClient, EmbeddedWorkers]]:
    """The app and its embedded workers with a real SMS gateway peer configured."""
    settings = Settings(
        database_url=db.url,
        environment="test",
        sms_gateway_url=http_receiver.url + "/sms",
        delivery_min_backoff_ms=10,
        secret_key="G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE=",
    )
    async with running_app(db, settings) as running:
        yield running


def texts(http_receiver: HttpReceiver) -> list[dict[str, Any]]:
    """What the SMS gateway was asked to send to the caller (it renders the template)."""
    sent = [r.json() for r in http_receiver.received if r.path == "/sms"]
    return [s for s in sent if s["phone"] == "+86" + CALLER_PHONE]


def sent(http_receiver: HttpReceiver, template: str) -> list[dict[str, Any]]:
    return [t for t in texts(http_receiver) if t["template"] == template]


async def bodies(api: ApiClient, template: str) -> list[str]:
    """The Chinese text of each SMS of the template, as written for the gateway."""
    async with api.db.transaction() as session:
        rows = await session.scalars(
            select(Notification.body).where(
                Notification.channel == Channel.SMS, Notification.template == template
            )
        )
        return list(rows)


async def subjects(api: ApiClient, token: str) -> list[str]:
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 50}, token)
    return [e["node"]["subject"] for e in inbox["notifications"]["edges"]]


async def test_a_call_becomes_a_need_whose_delivery_closes_it_and_texts_the_requester(
    wired: tuple[ApiClient, EmbeddedWorkers], http_receiver: HttpReceiver
) -> None:
    api, workers = wired
    # given Lu'an's office, its hotline operator, and a verified charity with water
    scene = await hotline(api)
    charity = await verified_organization(
        api, scene.office.token, 41, "341502", name="六安红十字会", kind="CHARITY"
    )
    offer = {"categoryCode": "DRINKING_WATER", "quantity": 100, "serviceRegionCodes": ["341500"]}
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], offer | WINDOW, charity.token)
    assert posted["userErrors"] == [], posted

    # when a call is taken: the caller gets the reference by SMS, in Chinese
    taken = await submitted(api, scene.operator)
    await workers.drain()
    (receipt,) = sent(http_receiver, "help_request.received.sms")
    assert receipt["parameters"]["reference"] == taken["reference"]
    assert receipt["locale"] == "zh-CN"
    assert "已受理" in (await bodies(api, "help_request.received.sms"))[0]

    # when it is triaged, handed back, and turned into a need by office staff
    await triaged(api, scene.operator, taken["id"], "CRITICAL")
    await done(api, "releaseHelpRequest", {"helpRequestId": taken["id"]}, scene.operator)
    made = await done(
        api,
        "convertHelpRequestToNeed",
        {
            "helpRequestId": taken["id"],
            "incidentId": scene.incident,
            "categoryCode": "DRINKING_WATER",
            "quantity": 40,
            "neededBy": SOON,
        },
        scene.office.token,
    )
    # and the matching proposes the charity's water, which it accepts
    proposals = await matched(api, scene.incident, scene.office.token)
    assert [p["need"]["id"] for p in proposals] == [made["need"]["id"]]
    accepted = await api.mutate(
        "acceptAllocation",
        MATCHING["AcceptAllocation"],
        {"allocationId": proposals[0]["id"]},
        charity.token,
    )
    assert accepted["userErrors"] == [], accepted
    # and the water is delivered and the office confirms it
    await deliver(api, charity, 40, receiver=scene.office)
    assert (await read(api, taken["id"], scene.office.token))["status"] == "ACTIONED"
    await jobs.run_once(api.db, TIMINGS)
    await workers.drain()

    # then the request is closed by the delivery
    request = await read(api, taken["id"], scene.office.token)
    assert request["status"] == "CLOSED" and request["closedAt"]
    assert request["outcomes"][0]["need"]["status"] == "FULFILLED"
    # and the requester got a second SMS saying so, with the reference
    (closing,) = sent(http_receiver, "help_request.closed.sms")
    assert closing["parameters"]["reference"] == taken["reference"]
    (body,) = await bodies(api, "help_request.closed.sms")
    assert "已办结" in body and taken["reference"] in body
    # and the operator who took the call is told in their inbox
    assert any(taken["reference"] in s for s in await subjects(api, scene.operator))

    # when the periodic checks run again, nobody is told twice
    await jobs.run_once(api.db, TIMINGS)
    await workers.drain()
    assert len(sent(http_receiver, "help_request.closed.sms")) == 1


async def test_a_request_waiting_too_long_alerts_the_office_then_the_office_above(
    wired: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = wired
    # given Lu'an's office, Anhui's province office above it, and a call from the public
    scene = await hotline(api)
    province = await create_office(api, scene.admin, "340000", "安徽省民政厅")
    above = await create_staff(api, scene.admin, province)
    asked = await submitted(api, None)
    received = datetime.fromisoformat(asked["receivedAt"])

    # when the checks run before the triage time, after it, and after twice it
    for minutes in (29, 31, 45, 61, 90):
        await jobs.run_once(api.db, TIMINGS, now=received + timedelta(minutes=minutes))
    await workers.drain()

    # then the office was alerted once, and the office above once
    late = [s for s in await subjects(api, scene.office.token) if "超时未研判" in s]
    assert late == [f"求助 {asked['reference']} 超时未研判"]
    escalated = [s for s in await subjects(api, above) if asked["reference"] in s]
    assert len(escalated) == 1 and "严重超时" in escalated[0]
    # and the office's "waiting too long" list holds it
    waiting = await api.gql(
        "query W { helpRequests(filter: {waitingTooLong: true, status: RECEIVED}) "
        "{ nodes { reference } } }",
        None,
        scene.office.token,
    )
    assert waiting["helpRequests"]["nodes"] == [{"reference": asked["reference"]}]


async def test_a_request_open_for_days_is_called_down_and_the_answer_keeps_or_closes_it(
    wired: tuple[ApiClient, EmbeddedWorkers], http_receiver: HttpReceiver
) -> None:
    api, workers = wired
    # given a triaged call
    scene = await hotline(api)
    taken = await submitted(api, scene.operator)
    await triaged(api, scene.operator, taken["id"])
    received = datetime.fromisoformat(taken["receivedAt"])

    # when three days pass
    await jobs.run_once(api.db, TIMINGS, now=received + timedelta(hours=73))
    await workers.drain()

    # then the office is asked to call the requester down
    assert any("请回访" in s for s in await subjects(api, scene.office.token))
    request = await read(api, taken["id"], scene.operator)
    assert request["callDownDueAt"] is not None

    # when the requester still needs help, and later no longer does
    kept = await done(
        api,
        "recordCallDown",
        {"helpRequestId": taken["id"], "answer": "CHANGED", "urgency": "CRITICAL"},
        scene.operator,
    )
    assert kept["helpRequest"]["callDownDueAt"] is None
    assert kept["helpRequest"]["urgency"] == "CRITICAL"
    assert kept["helpRequest"]["status"] == "TRIAGED"
    ended = await done(
        api,
        "recordCallDown",
        {"helpRequestId": taken["id"], "answer": "NO_LONGER_NEEDED", "note": "已投亲靠友。"},
        scene.operator,
    )
    await workers.drain()

    # then the request is closed, and the requester told by SMS
    assert ended["helpRequest"]["status"] == "CLOSED"
    (closing,) = sent(http_receiver, "help_request.closed.sms")
    assert closing["parameters"]["note"] == "已投亲靠友。"
    assert any("已投亲靠友" in b for b in await bodies(api, "help_request.closed.sms"))


async def test_an_office_sets_its_own_triage_time(
    wired: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = wired
    # given Lu'an's office, whose admin sets ten minutes to triage, and a call from the public
    scene = await hotline(api)
    admin = await create_staff(api, scene.admin, scene.office.id, role="OFFICE_ADMIN")
    limits = {"officeId": scene.office.id, "triageMinutes": 10, "callDownHours": 24}
    made = await done(api, "setHotlineTimes", limits, admin)
    assert made["hotlineTimes"]["triageMinutes"] == 10
    asked = await submitted(api, None)
    received = datetime.fromisoformat(asked["receivedAt"])

    # when the checks run eleven minutes later (the deployment's default is thirty)
    await jobs.run_once(api.db, TIMINGS, now=received + timedelta(minutes=11))
    await workers.drain()

    # then the office is alerted already
    late = [s for s in await subjects(api, scene.office.token) if "超时未研判" in s]
    assert late == [f"求助 {asked['reference']} 超时未研判"]
    # and staff may not change the limits, only the office's admin
    refused = await send(api, "setHotlineTimes", limits, scene.office.token)
    assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"]
