"""Webhooks go only where the deployment allows: in production https to public addresses,
checked when a subscription is made and again on every connection, against a real HTTPS
receiver whose certificate a test CA signed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, update
from standardwebhooks import Webhook

from api.app import create_app
from domain.kernel.db.engine import Database
from domain.kernel.enums import Channel, NotificationStatus
from domain.kernel.settings import Settings
from domain.notify.destinations import LOOPBACK, DestinationRule
from domain.notify.model import Notification, WebhookSubscription
from tests.client import ApiClient
from tests.integration.documents import DISPATCH
from tests.integration.test_channels import send_error, webhook_delivery
from tests.steps.delivery import running_app
from tests.steps.partners import subscribe_webhook
from tests.steps.registry import codes, office_with_staff
from tests.steps.relief import flood_incident, published_need
from tests.support.receivers import HttpReceiver
from tests.support.tls import LocalCa, make_ca
from workers.channels import WebhookChannel, new_secret

SECRET_KEY = "G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE="
# Production's rule, with this machine exempt so that a local receiver can stand in for a
# partner: https only, and every other private range still refused.
HTTPS_ONLY_HERE = DestinationRule(allow_http=False, exempt=LOOPBACK)
WEBHOOK = Channel.WEBHOOK


@pytest.fixture
def test_ca(tmp_path: Path) -> LocalCa:
    return make_ca(tmp_path)


@pytest.fixture
def https_receiver(test_ca: LocalCa) -> Iterator[HttpReceiver]:
    with HttpReceiver(tls=test_ca.server_context()) as receiver:
        yield receiver


@pytest.fixture
async def production_api(db: Database) -> AsyncIterator[ApiClient]:
    settings = Settings(database_url=db.url, environment="production", secret_key=SECRET_KEY)
    app = create_app(settings, db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://reliefhub.test"
    ) as client:
        yield ApiClient(client, db)


# --- at every send -------------------------------------------------------------------------


async def test_a_webhook_over_https_is_verified_against_the_configured_ca(
    https_receiver: HttpReceiver, test_ca: LocalCa
) -> None:
    # given an https-only channel trusting the partner's CA (WEBHOOK_CA_FILE)
    channel = WebhookChannel(timeout=5, rule=HTTPS_ONLY_HERE, ca_file=str(test_ca.ca_file))
    secret = new_secret()
    # when an event is delivered to the partner's HTTPS endpoint
    await channel.send(webhook_delivery(https_receiver.url + "/hooks", secret))
    await channel.aclose()
    # then it arrived over TLS, signed
    (request,) = https_receiver.wait_for(1)
    assert request.path == "/hooks"
    assert Webhook(secret).verify(request.body, request.headers)["type"] == "dispatch.issued"


async def test_a_certificate_from_a_ca_not_trusted_is_refused(
    https_receiver: HttpReceiver,
) -> None:
    # given a channel that trusts only the system's CAs
    channel = WebhookChannel(timeout=5, rule=HTTPS_ONLY_HERE)
    # when delivering to an endpoint whose certificate the test CA signed
    error = await send_error(channel, webhook_delivery(https_receiver.url, new_secret()))
    await channel.aclose()
    # then the handshake fails on verification and no request was made
    assert "certificate" in error.detail.lower()
    assert https_receiver.received == []


async def test_plain_http_is_refused_where_only_https_is_allowed(
    http_receiver: HttpReceiver,
) -> None:
    # given production's rule (with this machine exempt) and a plain-http endpoint
    channel = WebhookChannel(timeout=5, rule=HTTPS_ONLY_HERE)
    # when delivering / then it is refused for good, before any connection
    error = await send_error(channel, webhook_delivery(http_receiver.url, new_secret()))
    await channel.aclose()
    assert error.permanent is True and "https" in error.detail
    assert http_receiver.received == []


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.8/hook",
        "https://172.20.1.1/hook",
        "https://192.168.1.20/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://0.0.0.0/hook",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://[fe80::1]/hook",
        "https://[::ffff:169.254.169.254]/hook",
        "https://224.0.0.1/hook",
    ],
)
async def test_production_sends_nothing_to_private_local_or_metadata_addresses(url: str) -> None:
    # given the production rule
    channel = WebhookChannel(timeout=5, rule=DestinationRule.strict())
    # when delivering to an address of the deployment's own networks
    error = await send_error(channel, webhook_delivery(url, new_secret()))
    await channel.aclose()
    # then it is refused for good: retrying cannot make the address public
    assert error.permanent is True
    assert "not a public address" in error.detail


async def test_a_name_resolving_to_loopback_at_send_time_is_refused(
    https_receiver: HttpReceiver, test_ca: LocalCa
) -> None:
    # given the production rule, and a partner name that now resolves to this machine,
    # where an endpoint is listening (a subscription's name re-pointed: DNS rebinding)
    channel = WebhookChannel(timeout=5, rule=DestinationRule.strict(), ca_file=str(test_ca.ca_file))
    url = f"https://localhost:{https_receiver.port}/hooks"
    # when delivering
    error = await send_error(channel, webhook_delivery(url, new_secret()))
    await channel.aclose()
    # then the resolved address is checked before connecting, and nothing arrived
    assert error.permanent is True
    assert "localhost resolves to" in error.detail
    assert https_receiver.received == []


# --- at subscription -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://localhost:8443/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "http://partner.example.org/hook",
    ],
)
async def test_production_refuses_a_subscription_to_a_local_address_or_over_http(
    production_api: ApiClient, url: str
) -> None:
    # given the API in production mode and an admin
    admin = await production_api.admin_token()
    # when a subscription names a private, local or metadata address, or plain http
    created = await production_api.mutate(
        "createWebhookSubscription",
        DISPATCH["CreateWebhookSubscription"],
        {"url": url, "events": ["NEED_PUBLISHED"]},
        admin,
    )
    # then the url is refused and nothing is written
    assert codes(created) == [(["url"], "INVALID")], created
    assert created["webhookSubscription"] is None and created["secret"] is None
    async with production_api.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(WebhookSubscription)) == 0


async def test_development_and_tests_may_subscribe_a_local_http_receiver(api: ApiClient) -> None:
    # given the API on a local environment (the default of tests and `make run`)
    admin = await api.admin_token()
    # when a subscription names a receiver on this machine over http / then it is accepted
    secret = await subscribe_webhook(api, admin, "http://127.0.0.1:8099/hooks", ["NEED_PUBLISHED"])
    assert secret.startswith("whsec_")


async def test_a_subscription_re_pointed_at_this_machine_goes_dead_unsent(
    db: Database, https_receiver: HttpReceiver, test_ca: LocalCa
) -> None:
    # given the app and its workers in production mode trusting the test CA, and a
    # subscription accepted for a partner name
    settings = Settings(
        database_url=db.url,
        environment="production",
        secret_key=SECRET_KEY,
        webhook_ca_file=str(test_ca.ca_file),
    )
    async with running_app(db, settings) as (api, workers):
        admin = await api.admin_token()
        await subscribe_webhook(api, admin, "https://partner.example.org/hooks", ["NEED_PUBLISHED"])
        office = await office_with_staff(api, admin, "341500", "六安市民政局")
        incident = await flood_incident(api, office, ["341503"])
        await workers.drain()
        # whose URL now names this machine (as a DNS answer changed after the check)
        async with db.transaction() as session:
            await session.execute(
                update(WebhookSubscription).values(
                    url=f"https://localhost:{https_receiver.port}/hooks"
                )
            )
        # when a need is published and the workers send
        await published_need(api, office.token, incident)
        await workers.drain()
    # then the webhook is DEAD at its first try, saying why, and the receiver heard nothing
    async with db.transaction() as session:
        (row,) = (
            await session.scalars(select(Notification).where(Notification.channel == WEBHOOK))
        ).all()
    assert row.status is NotificationStatus.DEAD and row.attempts == 1
    assert row.last_error is not None and "not a public address" in row.last_error
    assert https_receiver.received == []
