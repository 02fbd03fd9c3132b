"""The notification story in the embedded mode: an accepted allocation reaches everyone, once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook

from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, MATCHING
from tests.steps.delivery import running_app
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import flood_incident
from tests.support.receivers import HttpReceiver, SmtpReceiver
from workers.embedded import EmbeddedWorkers

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()
WINDOW = {
    "availableFrom": datetime.now(UTC).isoformat(),
    "availableUntil": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
}


@pytest.fixture
async def wired(
    db: Database, smtp_receiver: SmtpReceiver, http_receiver: HttpReceiver, tmp_path: object
) -> AsyncIterator[tuple[ApiClient, EmbeddedWorkers]]:
    """The app and its embedded workers with real SMTP and SMS peers configured."""
    settings = Settings(
        database_url=db.url,
        environment="test",
        smtp_host="127.0.0.1",
        smtp_port=smtp_receiver.port,
        smtp_from="reliefhub@example.org",
        sms_gateway_url=http_receiver.url + "/sms",
        secret_key="G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE=",
    )
    async with running_app(db, settings) as running:
        yield running


async def test_accepting_notifies_inbox_email_sms_and_a_signed_webhook_once(
    wired: tuple[ApiClient, EmbeddedWorkers],
    smtp_receiver: SmtpReceiver,
    http_receiver: HttpReceiver,
) -> None:
    api, workers = wired
    # given an incident with a need, a verified charity with an offer, a partner webhook
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    need = await api.mutate(
        "publishNeed",
        MATCHING["PublishNeed"],
        {
            "incidentId": incident,
            "regionCode": "341503",
            "categoryCode": "TENTS",
            "quantity": 50,
            "urgency": "CRITICAL",
            "neededBy": SOON,
        },
        office.token,
    )
    charity = await verified_organization(
        api, office.token, 21, "341502", name="六安红十字会", kind="CHARITY"
    )
    offer = await api.mutate(
        "postOffer",
        MATCHING["PostOffer"],
        {"categoryCode": "TENTS", "quantity": 80, "serviceRegionCodes": ["341500"], **WINDOW},
        charity.token,
    )
    hook = await api.mutate(
        "createWebhookSubscription",
        DISPATCH["CreateWebhookSubscription"],
        {"url": http_receiver.url + "/hooks", "events": ["DISPATCH_ISSUED"]},
        admin,
    )
    assert hook["userErrors"] == [] and hook["secret"].startswith("whsec_")
    await workers.drain()  # earlier events (need published, reviews) leave first
    http_receiver.clear()
    smtp_receiver.clear()

    # when the charity pledges 30 tents to the need and the workers run
    pledged = await api.mutate(
        "pledgeOffer",
        MATCHING["PledgeOffer"],
        {"offerId": offer["offer"]["id"], "needId": need["need"]["id"], "quantity": 30},
        charity.token,
    )
    assert pledged["userErrors"] == [], pledged
    await workers.drain()

    # then the charity's inbox has the dispatch, in Chinese
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 10}, charity.token)
    subjects = [e["node"]["subject"] for e in inbox["notifications"]["edges"]]
    assert any("调度单" in s and "30" in s for s in subjects), subjects

    # and one email reached the SMTP server, one SMS request the gateway
    mails = smtp_receiver.received
    assert len([m for m in mails if "调度单" in str(m.message["Subject"])]) == 1
    sms = [r for r in http_receiver.received if r.path == "/sms"]
    assert len(sms) == 1 and sms[0].json()["phone"] == "+8613812345678"

    # and the partner got exactly one webhook, signed per Standard Webhooks
    hooks = [r for r in http_receiver.received if r.path == "/hooks"]
    assert len(hooks) == 1
    Webhook(hook["secret"]).verify(hooks[0].body, hooks[0].headers)
    dispatches = await api.gql(DISPATCH["Dispatches"], {"first": 5}, office.token)
    dispatch = dispatches["dispatches"]["edges"][0]["node"]
    body = json.loads(hooks[0].body)
    assert body["type"] == "DISPATCH_ISSUED"
    assert body["data"]["code"] == dispatch["code"]

    # and the dispatch shows each delivery as SENT
    statuses = {n["channel"]: n["status"] for n in dispatch["notifications"]}
    assert statuses == {"INBOX": "SENT", "EMAIL": "SENT", "SMS": "SENT", "WEBHOOK": "SENT"}

    # when the relay hands the same events over again (a crash after enqueue)
    await workers.drain()
    # then nobody is told twice
    assert len([r for r in http_receiver.received if r.path == "/hooks"]) == 1
