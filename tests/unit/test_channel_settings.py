"""The channels' settings: strict in production, local-friendly in development and tests,
and the destination rule they make."""

from __future__ import annotations

import pytest

from domain.kernel.settings import Settings
from domain.notify.destinations import DestinationRule, parse_address


def test_production_is_strict_and_local_environments_allow_this_machine() -> None:
    # given the three kinds of environment, with nothing else set
    production = Settings.from_env({"RELIEFHUB_ENV": "production"})
    development, test = Settings.from_env({}), Settings(environment="test")
    # then production wants STARTTLS and https to public addresses only
    assert production.smtp_mode == "starttls"
    assert not production.webhook_http_allowed and production.webhook_exempt_networks == ()
    # and the local ones take any relay and plain http to loopback
    for local in (development, test):
        assert local.smtp_mode == "auto" and local.webhook_http_allowed
        assert local.webhook_exempt_networks == ("127.0.0.0/8", "::1/128")


def test_explicit_settings_override_the_environment_defaults() -> None:
    # given production with an internal partner network and a private relay
    settings = Settings.from_env(
        {
            "RELIEFHUB_ENV": "production",
            "WEBHOOK_ALLOWED_NETWORKS": "10.20.0.0/24, fd12::/64",
            "SMTP_SECURITY": "TLS",
            "SMS_PER_PHONE_PER_HOUR": "3",
        }
    )
    rule = DestinationRule.from_settings(settings)
    # then that network only is reachable, still over https only
    assert rule.refusal_of_url("https://10.20.0.7/hook") is None
    assert rule.refusal_of_url("https://10.20.1.7/hook") is not None
    assert rule.refusal_of_url("http://10.20.0.7/hook") is not None
    assert settings.smtp_mode == "tls" and settings.sms_per_phone_per_hour == 3


def test_a_production_gateway_without_a_secret_and_an_unknown_smtp_mode_are_refused() -> None:
    # when production names a gateway but no secret / then the process does not start
    with pytest.raises(ValueError, match="SMS_GATEWAY_SECRET"):
        Settings.from_env({"RELIEFHUB_ENV": "production", "SMS_GATEWAY_URL": "https://sms/x"})
    # when the SMTP mode is misspelt / then it is refused rather than guessed
    with pytest.raises(ValueError, match="SMTP_SECURITY"):
        Settings.from_env({"SMTP_SECURITY": "ssl"})


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.53",
        "10.255.0.1",
        "172.31.255.255",
        "192.168.0.1",
        "169.254.169.254",
        "100.100.100.200",
        "0.0.0.0",
        "::",
        "::1",
        "fc00::1",
        "fdff::1",
        "fe80::1%eth0",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "224.0.0.251",
        "255.255.255.255",
    ],
)
def test_the_production_rule_refuses_every_non_public_address(address: str) -> None:
    parsed = parse_address(address)
    assert parsed is not None
    assert DestinationRule.strict().refusal_of_address(parsed) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_the_production_rule_lets_public_addresses_through(address: str) -> None:
    parsed = parse_address(address)
    assert parsed is not None
    assert DestinationRule.strict().refusal_of_address(parsed) is None
