"""Delivery status: retries with backoff, DEAD after the last try, re-delivery, the inbox,
and escalation of unacknowledged dispatches."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from api.app import create_app
from domain.dispatch.model import Dispatch
from domain.kernel.db.engine import Database
from domain.kernel.live import MemoryBus
from domain.kernel.outbox import OutboxEvent
from domain.kernel.settings import Settings
from domain.notify import delivery
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, MATCHING
from tests.integration.test_dispatch_lifecycle import scene
from tests.steps import flood_incident, office_with_staff
from tests.support.receivers import HttpReceiver
from workers import jobs
from workers.embedded import EmbeddedWorkers

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()
DELIVERIES = """query Deliveries($filter: DeliveryFilter) { deliveries(first: 50, filter: $filter) {
  totalCount edges { node { id channel status attempts lastError } } } }"""
REDELIVER = """mutation Redeliver($input: RedeliverNotificationInput!) {
  redeliverNotification(input: $input) { notification { id status } userErrors { code } } }"""


@pytest.fixture
async def wired(db: Database) -> AsyncIterator[tuple[ApiClient, EmbeddedWorkers]]:
    """App and embedded workers with retries 10 ms apart instead of seconds."""
    settings = Settings(
        database_url=db.url,
        environment="test",
        delivery_min_backoff_ms=10,
        secret_key="G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE=",
    )
    live = MemoryBus()
    embedded = EmbeddedWorkers(db, settings, live, relay_interval=3600)
    await embedded.start()
    app = create_app(settings, db, live=live)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://reliefhub.test"
    ) as client:
        yield ApiClient(client, db), embedded
    await embedded.stop()


async def publish_with_webhook(api: ApiClient, url: str) -> tuple[str, str]:
    """An office, a partner subscribed to NEED_PUBLISHED, and one need published."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    hook = await api.mutate(
        "createWebhookSubscription",
        DISPATCH["CreateWebhookSubscription"],
        {"url": url, "events": ["NEED_PUBLISHED"]},
        admin,
    )
    assert hook["userErrors"] == [], hook
    incident = await flood_incident(api, office, ["341503"])
    need = await api.mutate(
        "publishNeed",
        MATCHING["PublishNeed"],
        {
            "incidentId": incident,
            "regionCode": "341503",
            "categoryCode": "FOOD",
            "quantity": 500,
            "urgency": "HIGH",
            "neededBy": SOON,
        },
        office.token,
    )
    assert need["userErrors"] == [], need
    return admin, office.token


async def test_a_failing_endpoint_is_retried_then_dead_then_redelivered_by_an_admin(
    wired: tuple[ApiClient, EmbeddedWorkers],
    http_receiver: HttpReceiver,
) -> None:
    api, workers = wired
    # given a partner endpoint that answers 503 to every request
    http_receiver.respond_always(503)
    admin, office_token = await publish_with_webhook(api, http_receiver.url + "/hooks")

    # when the workers run every retry
    await workers.drain()

    # then the delivery was tried MAX_ATTEMPTS times and is DEAD with the last error
    dead = (await api.gql(DELIVERIES, {"filter": {"channel": "WEBHOOK"}}, admin))["deliveries"]
    node = dead["edges"][0]["node"]
    assert (node["status"], node["attempts"]) == ("DEAD", delivery.MAX_ATTEMPTS)
    assert "503" in node["lastError"]
    assert len(http_receiver.received) == delivery.MAX_ATTEMPTS
    ids = {r.headers["webhook-id"] for r in http_receiver.received}
    assert len(ids) == 1  # every retry carries the same webhook-id

    # and only ADMIN sees every delivery, only ADMIN re-delivers
    refused = await api.post(DELIVERIES, {}, office_token)
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    forbidden = await api.mutate(
        "redeliverNotification", REDELIVER, {"notificationId": node["id"]}, office_token
    )
    assert forbidden["userErrors"][0]["code"] == "FORBIDDEN"

    # when the endpoint recovers and the admin re-delivers
    http_receiver.respond_always(200)
    again = await api.mutate(
        "redeliverNotification", REDELIVER, {"notificationId": node["id"]}, admin
    )
    assert again["notification"]["status"] == "PENDING"
    await workers.drain()

    # then it is SENT, with the same webhook-id as before
    sent = (await api.gql(DELIVERIES, {"filter": {"channel": "WEBHOOK"}}, admin))["deliveries"]
    assert sent["edges"][0]["node"]["status"] == "SENT"
    assert http_receiver.received[-1].headers["webhook-id"] in ids


async def test_a_permanent_refusal_is_dead_at_once(
    wired: tuple[ApiClient, EmbeddedWorkers],
    http_receiver: HttpReceiver,
) -> None:
    api, workers = wired
    # given an endpoint that answers 410 Gone
    http_receiver.respond_always(410)
    admin, _ = await publish_with_webhook(api, http_receiver.url + "/gone")
    # when the workers run
    await workers.drain()
    # then one try was enough to know
    node = (await api.gql(DELIVERIES, {"filter": {"status": "DEAD"}}, admin))["deliveries"][
        "edges"
    ][0]["node"]
    assert node["attempts"] == 1
    assert len(http_receiver.received) == 1


async def test_the_inbox_lists_and_marks_messages_read(
    wired: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = wired
    # given an office whose staff hear of a finished matching round
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await api.mutate("runMatching", MATCHING["RunMatching"], {"incidentId": incident}, office.token)
    await workers.drain()

    # when the staff member reads the inbox and marks the message read
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 10}, office.token)
    message = inbox["notifications"]["edges"][0]["node"]
    marked = await api.mutate(
        "markNotificationRead",
        DISPATCH["MarkNotificationRead"],
        {"notificationId": message["id"]},
        office.token,
    )

    # then it was the round's message, now read; and nobody else can mark it
    assert message["channel"] == "INBOX" and message["readAt"] is None
    assert "匹配" in message["subject"]
    assert marked["notification"]["readAt"] is not None
    stranger = await api.mutate(
        "markNotificationRead",
        DISPATCH["MarkNotificationRead"],
        {"notificationId": message["id"]},
        admin,
    )
    assert stranger["userErrors"][0]["code"] == "NOT_FOUND"


async def test_an_unacknowledged_dispatch_reminds_then_alerts_the_office(
    wired: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = wired
    # given a dispatch issued three hours ago that nobody acknowledged
    s = await scene(api)
    await workers.drain()
    async with api.db.transaction() as session:
        row = await session.scalar(select(Dispatch))
        assert row is not None
        row.issued_at = row.issued_at - timedelta(hours=3)

    # when the periodic jobs run twice with a one-hour acknowledgement window
    await jobs.run_once(api.db, timedelta(hours=1))
    await jobs.run_once(api.db, timedelta(hours=1))
    await workers.drain()

    # then the charity got one reminder and the office one alert
    async def subjects(token: str) -> list[str]:
        inbox = await api.gql(DISPATCH["Notifications"], {"first": 50}, token)
        return [e["node"]["subject"] for e in inbox["notifications"]["edges"]]

    assert len([t for t in await subjects(s.charity.token) if t.startswith("请确认")]) == 1
    assert len([t for t in await subjects(s.office.token) if "未获确认" in t]) == 1
    async with api.db.transaction() as session:
        nudges = await session.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.topic.in_(("dispatch.reminder", "dispatch.escalation")))
        )
    assert nudges == 2
