"""EMAIL as production sends it: a relay that requires STARTTLS (or TLS from the first
byte) and AUTH, its certificate verified against a CA, the password read from a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from domain.kernel.settings import Settings
from tests.integration.test_channels import delivery, send_error
from tests.support.receivers import SmtpReceiver
from tests.support.tls import LocalCa, make_ca
from workers.channels import EmailChannel, aclose_channels, channels_from_settings

USER, PASSWORD = "reliefhub", "s3cret-relay-password"


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    """The relay's one account."""
    good = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    # handled=False: the server answers a failure with its own 535.
    return AuthResult(success=good, handled=False)


@pytest.fixture
def local_ca(tmp_path: Path) -> LocalCa:
    return make_ca(tmp_path)


@pytest.fixture
def starttls_relay(local_ca: LocalCa) -> Iterator[SmtpReceiver]:
    """A relay that takes no mail before STARTTLS and AUTH."""
    with SmtpReceiver(
        tls_context=local_ca.server_context(),
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    ) as relay:
        yield relay


@pytest.fixture
def tls_relay(local_ca: LocalCa) -> Iterator[SmtpReceiver]:
    """A relay speaking TLS from the first byte (port 465's way), with AUTH."""
    with SmtpReceiver(
        ssl_context=local_ca.server_context(),
        auth_required=True,
        authenticator=authenticator,
        # aiosmtpd counts only STARTTLS as TLS; this whole connection is TLS already.
        auth_require_tls=False,
    ) as relay:
        yield relay


async def test_production_settings_send_over_starttls_with_the_password_from_a_file(
    starttls_relay: SmtpReceiver, local_ca: LocalCa, tmp_path: Path
) -> None:
    # given production settings read from the environment, the password in a mounted file
    password_file = tmp_path / "smtp-password"
    password_file.write_text(PASSWORD + "\n")
    settings = Settings.from_env(
        {
            "RELIEFHUB_ENV": "production",
            "SMTP_HOST": starttls_relay.host,
            "SMTP_PORT": str(starttls_relay.port),
            "SMTP_FROM": "notify@reliefhub.test",
            "SMTP_USERNAME": USER,
            "SMTP_PASSWORD_FILE": str(password_file),
            "SMTP_CA_FILE": str(local_ca.ca_file),
        }
    )
    assert settings.smtp_mode == "starttls" and settings.smtp_password == PASSWORD
    channels = channels_from_settings(settings)
    # when a mail is sent
    await channels["EMAIL"].send(delivery("EMAIL", "charity@example.org"))
    await aclose_channels(channels)
    # then the relay accepted it (it takes nothing before STARTTLS and AUTH)
    (mail,) = starttls_relay.wait_for(1)
    assert mail.rcpt_tos == ["charity@example.org"]


async def test_a_wrong_password_sends_nothing_and_may_be_retried(
    starttls_relay: SmtpReceiver, local_ca: LocalCa
) -> None:
    # given a channel with the wrong password
    channel = EmailChannel.of_mode(
        starttls_relay.host,
        starttls_relay.port,
        "notify@reliefhub.test",
        "starttls",
        username=USER,
        password="not-it",
        ca_file=str(local_ca.ca_file),
    )
    # when sending / then it fails as retryable (the configuration, not the mail, is wrong)
    error = await send_error(channel, delivery("EMAIL", "charity@example.org"))
    assert error.permanent is False and "auth" in error.detail
    assert starttls_relay.received == []


async def test_a_relay_certificate_from_an_untrusted_ca_is_refused(
    starttls_relay: SmtpReceiver,
) -> None:
    # given a channel trusting only the system's CAs
    channel = EmailChannel.of_mode(
        starttls_relay.host,
        starttls_relay.port,
        "notify@reliefhub.test",
        "starttls",
        username=USER,
        password=PASSWORD,
    )
    # when sending / then the STARTTLS handshake fails verification and nothing is sent
    error = await send_error(channel, delivery("EMAIL", "charity@example.org"))
    assert "certificate" in error.detail.lower()
    assert starttls_relay.received == []


async def test_plain_smtp_gets_nothing_through_a_relay_that_requires_starttls(
    starttls_relay: SmtpReceiver,
) -> None:
    # given a channel told not to use TLS, with the right password
    channel = EmailChannel.of_mode(
        starttls_relay.host,
        starttls_relay.port,
        "notify@reliefhub.test",
        "none",
        username=USER,
        password=PASSWORD,
    )
    # when sending / then the relay refuses, and no mail arrives
    await send_error(channel, delivery("EMAIL", "charity@example.org"))
    assert starttls_relay.received == []


# aiosmtpd warns of AUTH without STARTTLS, not knowing the connection is TLS from the start.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_implicit_tls_sends_with_auth(tls_relay: SmtpReceiver, local_ca: LocalCa) -> None:
    # given a channel in implicit-TLS mode (SMTP_SECURITY=tls)
    channel = EmailChannel.of_mode(
        tls_relay.host,
        tls_relay.port,
        "notify@reliefhub.test",
        "tls",
        username=USER,
        password=PASSWORD,
        ca_file=str(local_ca.ca_file),
    )
    # when sending / then the mail arrives
    await channel.send(delivery("EMAIL", "volunteer@example.org"))
    (mail,) = tls_relay.wait_for(1)
    assert mail.rcpt_tos == ["volunteer@example.org"]
