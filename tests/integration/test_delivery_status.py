"""Delivery status: retries with backoff, DEAD after the last try, re-delivery, the inbox,
and escalation of unacknowledged dispatches."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from domain.dispatch.model import Dispatch
from domain.kernel.outbox import OutboxEvent
from domain.notify import delivery
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, MATCHING
from tests.steps.delivery import quick_retries
from tests.steps.partners import subscribe_webhook
from tests.steps.registry import office_with_staff
from tests.steps.relief import SOON, dispatch_scene, flood_incident, published_need
from tests.support.receivers import HttpReceiver
from workers import jobs
from workers.embedded import EmbeddedWorkers

__all__ = ["quick_retries"]
DELIVERIES = """query Deliveries($filter: DeliveryFilter) { deliveries(first: 50, filter: $filter) {
  totalCount edges { node { id channel status attempts lastError } } } }"""
REDELIVER = """mutation Redeliver($input: RedeliverNotificationInput!) {
  redeliverNotification(input: $input) { notification { id status } userErrors { code } } }"""


async def publish_with_webhook(api: ApiClient, url: str) -> tuple[str, str]:
    """An office, a partner subscribed to NEED_PUBLISHED, and one need published."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    await subscribe_webhook(api, admin, url, ["NEED_PUBLISHED"])
    incident = await flood_incident(api, office, ["341503"])
    await published_need(api, office.token, incident, categoryCode="FOOD", neededBy=SOON)
    return admin, office.token


async def test_a_failing_endpoint_is_retried_then_dead_then_redelivered_by_an_admin(
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
    http_receiver: HttpReceiver,
) -> None:
    api, workers = quick_retries
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
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
    http_receiver: HttpReceiver,
) -> None:
    api, workers = quick_retries
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
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = quick_retries
    # given an office whose staff hear of a finished matching round
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await api.mutate("runMatching", MATCHING["RunMatching"], {"incidentId": incident}, office.token)
    await workers.drain()

    # when the staff member reads the inbox and marks the message read
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 10}, office.token)
    # (the incident, begun long ago with no need, may also have its blind spots announced)
    rounds = [e["node"] for e in inbox["notifications"]["edges"] if "匹配" in e["node"]["subject"]]
    assert rounds, inbox
    message = rounds[0]
    marked = await api.mutate(
        "markNotificationRead",
        DISPATCH["MarkNotificationRead"],
        {"notificationId": message["id"]},
        office.token,
    )

    # then it was the round's message, now read; and nobody else can mark it
    assert message["channel"] == "INBOX" and message["readAt"] is None
    assert marked["notification"]["readAt"] is not None
    stranger = await api.mutate(
        "markNotificationRead",
        DISPATCH["MarkNotificationRead"],
        {"notificationId": message["id"]},
        admin,
    )
    assert stranger["userErrors"][0]["code"] == "NOT_FOUND"


async def test_an_unacknowledged_dispatch_reminds_then_alerts_the_office(
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = quick_retries
    # given a dispatch issued three hours ago that nobody acknowledged
    s = await dispatch_scene(api)
    await workers.drain()
    async with api.db.transaction() as session:
        row = await session.scalar(select(Dispatch))
        assert row is not None
        row.issued_at = row.issued_at - timedelta(hours=3)

    # when the periodic jobs run twice with a one-hour acknowledgement window
    await jobs.run_once(api.db, jobs.Timings(acknowledge_within=timedelta(hours=1)))
    await jobs.run_once(api.db, jobs.Timings(acknowledge_within=timedelta(hours=1)))
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
