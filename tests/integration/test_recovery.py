"""Taking back what was lost, at once: the messages of a broker that lost its contents,
and the claims of a worker that died while sending; a live, slow worker keeps its own."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from dramatiq.brokers.redis import RedisBroker
from sqlalchemy import select, update

from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import Channel, NotificationStatus
from domain.kernel.outbox import NEED_PUBLISHED, OutboxEvent
from domain.notify import delivery
from domain.notify.model import Notification
from tests.client import ApiClient
from tests.conftest import require_service
from tests.steps.partners import subscribe_webhook
from tests.steps.registry import office_with_staff
from tests.steps.relief import SOON, flood_incident, published_need
from tests.support.receivers import HttpReceiver, Reply
from workers.broker_watch import SENTINEL, LossWatch
from workers.embedded import EmbeddedWorkers
from workers.relay import run_relay

S = NotificationStatus
ALIKE = {"categoryCode": "TENTS", "neededBy": SOON, "confirmDuplicate": True}


async def _a_partner_told_of_needs(api: ApiClient, receiver: HttpReceiver, needs: int) -> None:
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await subscribe_webhook(api, admin, receiver.url + "/hooks", ["NEED_PUBLISHED"])
    for n in range(needs):
        await published_need(api, office.token, incident, quantity=n + 1, **ALIKE)


def _heard(receiver: HttpReceiver) -> Counter[str]:
    return Counter(r.headers["webhook-id"] for r in receiver.received if r.path == "/hooks")


async def _release(db: Database) -> int:
    async with db.transaction() as session:
        return await delivery.release_lapsed(session)


async def test_a_dead_workers_lapsed_claim_is_released_and_sent_again(
    api: ApiClient, workers: EmbeddedWorkers, http_receiver: HttpReceiver
) -> None:
    # given two webhooks sent, one then claimed again by a worker that died (its claim
    # lapsed), the other by a worker still within its lease
    await _a_partner_told_of_needs(api, http_receiver, 2)
    await workers.drain()
    async with api.db.transaction() as session:
        # only the partner's webhooks: a matching round may have told the office as well
        webhook, held = (
            await session.scalars(
                select(Notification)
                .where(Notification.channel == Channel.WEBHOOK)
                .order_by(Notification.created_at)
            )
        ).all()
        lapsed = utcnow() - timedelta(seconds=1)
        for row, until in ((webhook, lapsed), (held, utcnow() + delivery.LEASE)):
            await session.execute(
                update(Notification)
                .where(Notification.id == row.id)
                .values(status=S.SENDING, claimed_until=until)
            )

    # when the relay's scan for lost work runs, and the workers take what it found
    released = await _release(api.db)
    await workers.drain()

    # then only the lapsed row went again: SENT, heard a second time with its webhook-id
    assert released == 1
    async with api.db.transaction() as session:
        again = await session.get(Notification, webhook.id, populate_existing=True)
        still = await session.get(Notification, held.id, populate_existing=True)
    assert again is not None and again.status is S.SENT and again.attempts == 2
    assert _heard(http_receiver)[str(webhook.id)] == 2
    assert still is not None and still.status is S.SENDING
    # and a second scan finds nothing more to release
    assert await _release(api.db) == 0


async def test_a_slow_live_worker_renews_its_claims_and_sends_once(
    api: ApiClient,
    workers: EmbeddedWorkers,
    http_receiver: HttpReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given leases far shorter than the partner takes to answer
    monkeypatch.setattr(delivery, "LEASE", timedelta(seconds=1))
    monkeypatch.setattr(delivery, "HEARTBEAT", timedelta(seconds=0.25))
    await _a_partner_told_of_needs(api, http_receiver, 1)
    http_receiver.respond_always(Reply(delay=3.0))

    # when the workers send while another relay keeps scanning for lapsed claims
    sending = asyncio.create_task(workers.drain())
    released = 0
    while not sending.done():
        released += await _release(api.db)
        await asyncio.sleep(0.2)
    await sending

    # then nothing was taken from the live worker, and the partner heard the need once
    assert released == 0
    heard = _heard(http_receiver)
    assert len(heard) == 1 and set(heard.values()) == {1}
    async with api.db.transaction() as session:
        statuses = set(
            (
                await session.scalars(
                    select(Notification.status).where(Notification.channel == Channel.WEBHOOK)
                )
            ).all()
        )
    assert statuses == {S.SENT}


@pytest.fixture
async def redis_broker() -> AsyncIterator[RedisBroker]:
    """A dramatiq broker on the test Redis, in a namespace of its own."""
    url = os.environ.get("REDIS_URL")
    require_service("Redis (REDIS_URL)", bool(url))
    broker = RedisBroker(url=url, namespace=f"test-{uuid.uuid4().hex}")
    broker.client.delete(SENTINEL)
    try:
        yield broker
    finally:
        for key in broker.client.scan_iter(f"{broker.namespace}:*"):
            broker.client.delete(key)
        broker.client.delete(SENTINEL)
        broker.close()


async def _relay_for_a_moment(db: Database, broker: RedisBroker) -> None:
    stop = asyncio.Event()
    relay = asyncio.create_task(run_relay(db, broker, stop))
    await asyncio.sleep(1.0)
    stop.set()
    await relay


async def test_when_redis_loses_its_contents_the_unconsumed_events_go_again_at_once(
    db: Database, redis_broker: RedisBroker
) -> None:
    # given a relay that has seen the broker, and two events relayed a minute ago (far
    # less than the retry-after): one consumed, one still waiting for its consumer
    watch = LossWatch(redis_broker, every=0)
    assert await watch.lost_before() is not None  # a first look sets the sentinel
    a_minute_ago = utcnow() - timedelta(minutes=1)
    async with db.transaction() as session:
        waiting, done = (
            OutboxEvent(
                topic=NEED_PUBLISHED,
                payload={},
                available_at=a_minute_ago,
                relayed_at=a_minute_ago,
                consumed_at=consumed,
                attempts=1,
            )
            for consumed in (None, a_minute_ago)
        )
        session.add_all([waiting, done])

    # when a relay runs while Redis still holds its contents
    await _relay_for_a_moment(db, redis_broker)
    # then nothing goes again: the waiting event's message is taken to be in Redis
    async with db.sessions() as session:
        attempts = dict((await session.execute(select(OutboxEvent.id, OutboxEvent.attempts))).all())
    assert attempts == {waiting.id: 1, done.id: 1}

    # when Redis loses its contents (restarted empty, flushed) and the relay runs
    redis_broker.client.delete(SENTINEL)
    before = utcnow()
    await _relay_for_a_moment(db, redis_broker)

    # then the unconsumed event went again at once, and only it; the sentinel is back
    async with db.sessions() as session:
        rows = {e.id: e for e in (await session.scalars(select(OutboxEvent))).all()}
    assert rows[waiting.id].attempts == 2
    assert rows[waiting.id].relayed_at is not None and rows[waiting.id].relayed_at >= before
    assert rows[done.id].attempts == 1
    assert redis_broker.client.exists(SENTINEL)
    assert redis_broker.client.llen(f"{redis_broker.namespace}:notifications") == 1
    # and a second relay, finding the sentinel there, relays nothing more
    assert await LossWatch(redis_broker).lost_before() is None
