"""EMAIL, SMS and WEBHOOK channels against real local peers (aiosmtpd, an HTTP server)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from domain.kernel.settings import Settings
from domain.notify.destinations import DestinationRule
from tests.support.fixtures import http_receiver, smtp_receiver
from tests.support.receivers import HttpReceiver, Reply, SmtpReceiver, free_port
from workers.channels import (
    Delivery,
    DeliveryError,
    EmailChannel,
    SmsChannel,
    WebhookChannel,
    aclose_channels,
    channels_from_settings,
    new_secret,
)

__all__ = ["http_receiver", "smtp_receiver"]  # fixtures, until conftest imports them

SUBJECT_ZH = "调度单 DP-7K3Q 已签发：六安市裕安区 帐篷 40 顶"
BODY_ZH = "请于 7 月 21 日 18:00 前送达。联系人：裕安区民政局 王主任。"


def delivery(channel: str, address: str, **changes: Any) -> Delivery:
    base = Delivery(
        notification_id="ntf_01J3ZK8Q4W2B",
        channel=channel,
        address=address,
        subject=SUBJECT_ZH,
        body=BODY_ZH,
        template="dispatch.issued",
        parameters={"code": "DP-7K3Q", "category": "TENTS", "quantity": 40},
        locale="zh-CN",
    )
    return replace(base, **changes)


def webhook_delivery(url: str, secret: str | None, **changes: Any) -> Delivery:
    payload = {
        "type": "dispatch.issued",
        "timestamp": "2020-07-21T09:30:00+08:00",
        "data": {"dispatch": "DP-7K3Q", "region": "341503", "note": "帐篷 40 顶"},
    }
    return delivery("WEBHOOK", url, secret=secret, payload=payload, **changes)


async def send_error(channel: Any, item: Delivery) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        await channel.send(item)
    return caught.value


@pytest.fixture
async def sms(http_receiver: HttpReceiver) -> AsyncIterator[SmsChannel]:
    channel = SmsChannel(http_receiver.url + "/sms/send", timeout=5)
    yield channel
    await channel.aclose()


@pytest.fixture
async def webhooks() -> AsyncIterator[WebhookChannel]:
    # Receivers on this machine: the development and test rule.
    channel = WebhookChannel(timeout=5, rule=DestinationRule.local())
    yield channel
    await channel.aclose()


# --- EMAIL ---------------------------------------------------------------------------------


async def test_email_arrives_with_chinese_subject_and_stable_message_id(
    smtp_receiver: SmtpReceiver,
) -> None:
    # given an SMTP channel pointing at the real server
    channel = EmailChannel(smtp_receiver.host, smtp_receiver.port, "通知 <notify@reliefhub.test>")
    item = delivery("EMAIL", "charity@example.org")
    # when the same notification is sent twice (a retry)
    await channel.send(item)
    await channel.send(item)
    # then both mails carry the Chinese subject, the body and the notification's Message-ID
    mails = smtp_receiver.wait_for(2)
    for mail in mails:
        assert mail.rcpt_tos == ["charity@example.org"]
        assert mail.message["Subject"] == SUBJECT_ZH
        assert mail.message["Message-ID"] == "<ntf_01J3ZK8Q4W2B@reliefhub>"
        assert mail.message["X-ReliefHub-Notification"] == "ntf_01J3ZK8Q4W2B"
        assert mail.message["To"] == "charity@example.org"
        assert mail.message["From"].addresses[0].addr_spec == "notify@reliefhub.test"
        assert mail.message["Date"] is not None
        assert mail.message["Content-Language"] == "zh-CN"
        assert mail.raw.isascii()  # RFC 2047 / base64: survives relays without SMTPUTF8
        assert mail.text.strip() == BODY_ZH


async def test_email_to_a_server_that_is_down_is_transient() -> None:
    # given no SMTP server on the port
    channel = EmailChannel("127.0.0.1", free_port(), "notify@reliefhub.test", timeout=5)
    # when sending
    error = await send_error(channel, delivery("EMAIL", "charity@example.org"))
    # then the failure may be retried
    assert error.permanent is False
    assert error.detail


# --- SMS -----------------------------------------------------------------------------------


async def test_sms_posts_template_parameters_and_idempotency_key(
    sms: SmsChannel, http_receiver: HttpReceiver
) -> None:
    # given an SMS delivery to an E.164 number
    item = delivery("SMS", "+8613800138000")
    # when it is sent through the gateway
    await sms.send(item)
    # then the gateway got one JSON request with every field and the idempotency key
    (request,) = http_receiver.wait_for(1)
    assert request.method == "POST"
    assert request.path == "/sms/send"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["idempotency-key"] == "ntf_01J3ZK8Q4W2B"
    assert request.json() == {
        "phone": "+8613800138000",
        "template": "dispatch.issued",
        "parameters": {"code": "DP-7K3Q", "category": "TENTS", "quantity": 40},
        "locale": "zh-CN",
        "requestId": "ntf_01J3ZK8Q4W2B",
    }


@pytest.mark.parametrize(("status", "permanent"), [(500, False), (400, True), (429, False)])
async def test_sms_gateway_errors_are_classified(
    sms: SmsChannel, http_receiver: HttpReceiver, status: int, permanent: bool
) -> None:
    # given a gateway that answers with an error status
    http_receiver.script(status)
    # when sending
    error = await send_error(sms, delivery("SMS", "+8613800138000"))
    # then the error says whether a retry can help
    assert error.permanent is permanent
    assert error.status == status


# --- WEBHOOK -------------------------------------------------------------------------------


async def test_webhook_signature_verifies_and_a_tampered_body_does_not(
    webhooks: WebhookChannel, http_receiver: HttpReceiver
) -> None:
    # given a subscription secret and a partner endpoint
    secret = new_secret()
    assert secret.startswith("whsec_")
    # when an event is delivered
    await webhooks.send(webhook_delivery(http_receiver.url + "/hooks/partner", secret))
    # then the Standard Webhooks headers are there and the signature verifies
    (request,) = http_receiver.wait_for(1)
    assert request.path == "/hooks/partner"
    assert request.headers["webhook-id"] == "ntf_01J3ZK8Q4W2B"
    assert request.headers["webhook-timestamp"].isdigit()
    assert request.headers["webhook-signature"].startswith("v1,")
    assert request.headers["content-type"] == "application/json"
    event = Webhook(secret).verify(request.body, request.headers)
    assert event["type"] == "dispatch.issued"
    assert event["data"]["note"] == "帐篷 40 顶"
    # and a body changed in transit fails verification, as does another secret
    tampered = json.dumps({**event, "data": {**event["data"], "note": "帐篷 400 顶"}})
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(tampered, request.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(request.body, request.headers)


async def test_webhook_retry_keeps_the_webhook_id(
    webhooks: WebhookChannel, http_receiver: HttpReceiver
) -> None:
    # given an endpoint that fails once, then recovers
    http_receiver.script(500, 200)
    item = webhook_delivery(http_receiver.url, new_secret())
    # when the first attempt fails and is retried
    first = await send_error(webhooks, item)
    await webhooks.send(item)
    # then the failure was transient and both attempts carried the same webhook-id
    assert first.permanent is False
    ids = [r.headers["webhook-id"] for r in http_receiver.wait_for(2)]
    assert ids == ["ntf_01J3ZK8Q4W2B", "ntf_01J3ZK8Q4W2B"]


@pytest.mark.parametrize(("status", "permanent"), [(410, True), (400, True), (503, False)])
async def test_webhook_error_statuses_are_classified(
    webhooks: WebhookChannel, http_receiver: HttpReceiver, status: int, permanent: bool
) -> None:
    # given an endpoint that answers with an error status
    http_receiver.script(status)
    # when delivering
    error = await send_error(webhooks, webhook_delivery(http_receiver.url, new_secret()))
    # then the error is classified and carries the status (410 lets the caller disable it)
    assert error.permanent is permanent
    assert error.status == status


async def test_webhook_to_a_closed_port_is_transient(webhooks: WebhookChannel) -> None:
    # given nothing listening at the URL
    url = f"http://127.0.0.1:{free_port()}/hook"
    # when delivering
    error = await send_error(webhooks, webhook_delivery(url, new_secret()))
    # then the connection failure may be retried
    assert error.permanent is False


async def test_webhook_timeout_is_transient(http_receiver: HttpReceiver) -> None:
    # given an endpoint slower than the channel's timeout
    http_receiver.script(Reply(200, delay=30))
    channel = WebhookChannel(timeout=0.2, rule=DestinationRule.local())
    # when delivering
    error = await send_error(channel, webhook_delivery(http_receiver.url, new_secret()))
    await channel.aclose()
    # then the timeout may be retried, and the request did reach the endpoint
    assert error.permanent is False
    assert "timeout" in error.detail
    assert len(http_receiver.wait_for(1)) == 1


async def test_webhook_without_a_secret_is_permanent(webhooks: WebhookChannel) -> None:
    # given a delivery whose subscription lost its secret
    item = webhook_delivery("http://127.0.0.1:9/hook", None)
    # when delivering / then nothing is sent unsigned, and retrying cannot help
    error = await send_error(webhooks, item)
    assert error.permanent is True


# --- configuration -------------------------------------------------------------------------


async def test_channels_follow_the_settings() -> None:
    # given settings with and without SMTP and an SMS gateway
    bare = channels_from_settings(Settings())
    full = channels_from_settings(
        Settings(
            smtp_host="smtp.example.org",
            smtp_port=587,
            smtp_from="a@b.c",
            sms_gateway_url="http://sms.example/send",
        )
    )
    # then WEBHOOK is always there and the others only when configured
    assert set(bare) == {"WEBHOOK"}
    assert set(full) == {"WEBHOOK", "EMAIL", "SMS"}
    assert all(channel.name == name for name, channel in full.items())
    await aclose_channels(bare)
    await aclose_channels(full)
