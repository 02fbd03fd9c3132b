"""Notifications go out in batches: fan-out events travel together, their notifications
are claimed, sent and recorded a slice at a time, and nothing is sent twice or lost."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select, update

from domain.kernel.db.base import utcnow
from domain.kernel.enums import Channel, NotificationStatus
from domain.kernel.outbox import NEED_PUBLISHED, NOTIFICATION_SEND, OutboxEvent, emit
from domain.notify.model import Notification
from tests.client import ApiClient
from tests.steps.partners import subscribe_webhook
from tests.steps.registry import Office, office_with_staff
from tests.steps.relief import SOON, flood_incident, published_need
from tests.support.receivers import HttpReceiver
from workers.embedded import EmbeddedWorkers
from workers.relay import FAN_OUT_CHUNK, relay_once

# Several alike needs, each confirmed rather than refused as a likely duplicate.
ALIKE = {"categoryCode": "TENTS", "neededBy": SOON, "confirmDuplicate": True}


async def _partner_hears_published_needs(
    api: ApiClient, receiver: HttpReceiver
) -> tuple[Office, str]:
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await subscribe_webhook(api, admin, receiver.url + "/hooks", ["NEED_PUBLISHED"])
    return office, incident


def _webhook_ids(receiver: HttpReceiver) -> Counter[str]:
    return Counter(r.headers["webhook-id"] for r in receiver.received if r.path == "/hooks")


async def test_a_burst_larger_than_a_batch_is_sent_once_and_every_event_consumed(
    api: ApiClient, workers: EmbeddedWorkers, http_receiver: HttpReceiver
) -> None:
    # given a partner subscribed to published needs, and more needs than one batch holds
    office, incident = await _partner_hears_published_needs(api, http_receiver)
    burst = FAN_OUT_CHUNK + 7
    for i in range(burst):
        await published_need(api, office.token, incident, quantity=i + 1, **ALIKE)

    # when the relay and the workers run
    await workers.drain()

    # then the partner heard each need once, every notification is SENT, and the outbox
    # holds nothing unconsumed: neither the events nor the batches' send events
    heard = _webhook_ids(http_receiver)
    assert len(heard) == burst and set(heard.values()) == {1}
    async with api.db.transaction() as session:
        # The partner's webhooks: a slow drain may also see the incident's debounced round
        # finish and tell the office, which is not this burst's doing.
        statuses = Counter(
            (
                await session.scalars(
                    select(Notification.status).where(Notification.channel == Channel.WEBHOOK)
                )
            ).all()
        )
        left = await session.scalar(
            select(func.count()).where(
                OutboxEvent.consumed_at.is_(None),
                # (the incident's debounced matching round is due later: not ours)
                OutboxEvent.topic.in_((NEED_PUBLISHED, NOTIFICATION_SEND)),
            )
        )
    assert statuses == {NotificationStatus.SENT: burst}
    assert left == 0
    # and the send events, consumed by the fan-out's own sending, never go to the broker,
    # not even once they fall due
    async with api.db.transaction() as session:
        await session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.topic == NOTIFICATION_SEND)
            .values(available_at=utcnow() - timedelta(minutes=1))
        )
    assert await relay_once(api.db, workers.broker, lost=False) == 0


async def test_a_row_another_worker_holds_is_sent_when_its_claim_lapses(
    api: ApiClient, workers: EmbeddedWorkers, http_receiver: HttpReceiver
) -> None:
    # given a notification claimed by a worker that then died, its claim ending soon,
    # and the batch's send event falling due
    office, incident = await _partner_hears_published_needs(api, http_receiver)
    await published_need(api, office.token, incident, quantity=5, **ALIKE)
    await workers.drain()
    async with api.db.transaction() as session:
        # the partner's webhook: a matching round may have told the office as well
        notification = await session.scalar(
            select(Notification).where(Notification.channel == Channel.WEBHOOK)
        )
        assert notification is not None
        await session.execute(
            update(Notification)
            .where(Notification.id == notification.id)
            .values(
                status=NotificationStatus.SENDING, claimed_until=utcnow() + timedelta(seconds=1)
            )
        )
        send = emit(session, NOTIFICATION_SEND, {"notificationIds": [str(notification.id)]})

    # when the workers take the send event
    await workers.drain()

    # then the row was left alone while held, and sent once its claim lapsed
    async with api.db.transaction() as session:
        row = await session.get(Notification, notification.id, populate_existing=True)
        event = await session.get(OutboxEvent, send.id)
    assert row is not None and row.status is NotificationStatus.SENT
    assert row.attempts == 2
    assert event is not None and event.consumed_at is not None
    assert _webhook_ids(http_receiver)[str(notification.id)] == 2
