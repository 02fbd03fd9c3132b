"""SMS as production sends it: every request to the gateway signed, the gateway's
delivery receipts posted back to a callback and shown on the notification, and a phone
never sent more than its hourly pace, the rest waiting rather than lost."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import pytest
import uvicorn
from sqlalchemy import select, update

from api.app import create_app
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import Channel, NotificationStatus
from domain.kernel.live import MemoryBus
from domain.kernel.settings import Settings
from domain.notify.model import Notification
from tests.client import ApiClient
from tests.integration.test_channels import delivery, send_error
from tests.steps.relief import dispatch_scene
from tests.support.receivers import free_port
from tests.support.sms_gateway import SmsGateway
from workers import sending
from workers.channels import SmsChannel
from workers.embedded import EmbeddedWorkers
from workers.runtime import Runtime

SECRET = "gateway-shared-secret-7f3a"
SECRET_KEY = "G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE="
DELIVERIES = """query($first: Int) { deliveries(first: $first) { nodes {
  id channel status deliveryReceipt { status at } } } }"""


@asynccontextmanager
async def served(
    db: Database, settings: Settings
) -> AsyncIterator[tuple[ApiClient, EmbeddedWorkers, str]]:
    """The app under a real uvicorn with its embedded workers: (client, workers, base URL)."""
    live = MemoryBus()
    workers = EmbeddedWorkers(db, settings, live, relay_interval=3600)
    await workers.start()
    app = create_app(settings, db, live=live)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_config=None, lifespan="on"))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not task.done(), "uvicorn did not start"
            await asyncio.sleep(0.02)
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base) as client:
            yield ApiClient(client, db), workers, base
    finally:
        server.should_exit = True
        await task
        await workers.stop()


@pytest.fixture
async def gateway() -> AsyncIterator[SmsGateway]:
    async with SmsGateway(SECRET) as peer:
        yield peer


def settings_for(db: Database, gateway: SmsGateway, **changes: object) -> Settings:
    values: dict[str, object] = {
        "database_url": db.url,
        "environment": "production",
        "secret_key": SECRET_KEY,
        "sms_gateway_url": gateway.url,
        "sms_gateway_secret": SECRET,
    }
    return Settings(**(values | changes))  # type: ignore[arg-type]


async def test_a_signed_text_comes_back_with_its_delivery_receipt(
    db: Database, gateway: SmsGateway
) -> None:
    # given the app in production mode with a signed SMS gateway that reports receipts
    async with served(db, settings_for(db, gateway)) as (api, workers, base):
        gateway.callback_url = base + "/sms/receipts"
        # when a charity is issued a dispatch and the workers send
        await dispatch_scene(api)
        await workers.drain()
        # then the gateway accepted one signed text for the charity's phone, with the
        # need's time told in China's time zone
        (text,) = gateway.texts
        assert gateway.refused == 0
        assert text["phone"] == "+8613812345678"
        assert text["parameters"]["needed_by"].endswith("UTC+08:00")
        # and its receipt was accepted and shows on the notification
        assert await gateway.receipts_answered(1) == [204]
        admin = await api.admin_token()
        nodes = (await api.gql(DELIVERIES, {"first": 50}, admin))["deliveries"]["nodes"]
        (sms,) = [n for n in nodes if n["channel"] == "SMS"]
        assert sms["status"] == "SENT"
        assert sms["deliveryReceipt"]["status"] == "DELIVERED"
        assert sms["deliveryReceipt"]["at"].endswith(("Z", "+00:00"))


async def test_the_receipt_callback_takes_only_signed_fresh_well_formed_receipts(
    db: Database, gateway: SmsGateway
) -> None:
    # given the app with a gateway secret, and a text it sent
    async with served(db, settings_for(db, gateway)) as (api, workers, base):
        gateway.callback_url = base + "/sms/receipts"
        await dispatch_scene(api)
        await workers.drain()
        (text,) = gateway.texts
        await gateway.receipts_answered(1)
        good = {"requestId": text["requestId"], "status": "FAILED", "at": utcnow().isoformat()}
        # when receipts arrive signed with another secret, unsigned, stale, malformed,
        # or for a text that does not exist
        wrong_secret = await gateway.post_receipt(json.dumps(good).encode(), "not-the-secret")
        unsigned = await api.http.post("/sms/receipts", json=good)
        stale = await api.http.post(
            "/sms/receipts",
            json=good,
            headers={"x-reliefhub-timestamp": "1000000000", "x-reliefhub-signature": "v1=00"},
        )
        bad_status = await gateway.post_receipt(json.dumps({**good, "status": "LOST"}).encode())
        unknown = await gateway.post_receipt(
            json.dumps({**good, "requestId": str(uuid.uuid4())}).encode()
        )
        huge = await gateway.post_receipt(json.dumps({**good, "note": "x" * 20_000}).encode())
        # then each is refused with a 4xx, and the receipt on the text is unchanged
        assert (wrong_secret, unsigned.status_code, stale.status_code) == (401, 401, 401)
        assert (bad_status, unknown, huge) == (400, 404, 413)
        async with db.transaction() as session:
            row = await session.get(Notification, uuid.UUID(text["requestId"]))
        assert row is not None and row.receipt_status == "DELIVERED"


async def test_a_gateway_refuses_a_text_signed_with_the_wrong_secret(gateway: SmsGateway) -> None:
    # given a channel holding the wrong secret
    channel = SmsChannel(gateway.url, timeout=5, secret="not-the-secret")
    # when sending / then the gateway's 401 is final and no text was taken
    error = await send_error(channel, delivery("SMS", "+8613800138000"))
    await channel.aclose()
    assert error.permanent is True and error.status == 401
    assert gateway.texts == [] and gateway.refused == 1


async def _pending_texts(db: Database, phone: str, n: int) -> list[uuid.UUID]:
    async with db.transaction() as session:
        rows = [
            Notification(
                topic="dispatch.issued",
                channel=Channel.SMS,
                recipient_key=f"{phone}-{i}-{uuid.uuid4()}",
                address=phone,
                subject="调度单",
                body="请查收",
                template="dispatch.issued",
                parameters={"code": f"RH-{i}"},
                locale="zh-CN",
                status=NotificationStatus.PENDING,
                attempts=0,
            )
            for i in range(n)
        ]
        session.add_all(rows)
        await session.flush()
        return [row.id for row in rows]


async def test_texts_over_a_phones_hourly_pace_wait_and_go_when_the_hour_has_room(
    db: Database, gateway: SmsGateway
) -> None:
    # given a pace of 2 texts per phone per hour, and 3 texts for one phone, 1 for another
    runtime = Runtime(settings_for(db, gateway, sms_per_phone_per_hour=2), MemoryBus())
    busy = await _pending_texts(db, "+8613900000001", 3)
    other = await _pending_texts(db, "+8613900000002", 1)
    try:
        # when the batch is sent
        outcome = await sending.send(runtime, busy + other, event_id=None)
        # then two reach the busy phone and one the other; the third waits, unspent
        assert outcome.sent == 3 and outcome.deferred == [busy[2]]
        assert [t["phone"] for t in gateway.texts].count("+8613900000001") == 2
        async with db.transaction() as session:
            waiting = await session.get(Notification, busy[2])
        assert waiting is not None and waiting.status is NotificationStatus.PENDING
        assert waiting.attempts == 0 and "waiting" in (waiting.last_error or "")
        # and it is due once the phone's oldest text of the hour leaves it
        assert outcome.deferred_until is not None
        assert timedelta(minutes=59) < outcome.deferred_until - utcnow() <= timedelta(hours=1)

        # when the hour has passed and its send comes
        async with db.transaction() as session:
            await session.execute(
                update(Notification)
                .where(Notification.id.in_(busy[:2]))
                .values(sent_at=utcnow() - timedelta(minutes=61))
            )
        later = await sending.send(runtime, [busy[2]], event_id=None)
        # then it goes: deferred, never lost
        assert later.sent == 1 and later.deferred == []
        async with db.transaction() as session:
            statuses = set((await session.scalars(select(Notification.status))).all())
        assert statuses == {NotificationStatus.SENT}
        assert len(gateway.texts) == 4
    finally:
        await runtime.dispose()
