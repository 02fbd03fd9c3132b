"""Where a webhook may go: the rule that keeps partner URLs off the deployment's own network.

A subscription URL is the partner's to choose, so without this rule any WEBHOOKS token
could make the worker POST to the cloud's metadata service, a database port or an admin
page on the pod network. The rule is checked when a subscription is created and again,
by the channel, on every address a send connects to (the name may have been re-pointed
since: DNS rebinding).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from domain.kernel.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Named although the address properties below already cover them, so that a reader sees
# the ranges that matter most and a Python whose tables differ cannot let them through.
BLOCKED: tuple[IPNetwork, ...] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT, often a cluster's pod network
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, with 169.254.169.254 the cloud metadata service
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    )
)
# Where the development and test defaults let webhooks go: receivers on this machine.
LOOPBACK: tuple[IPNetwork, ...] = (
    ipaddress.ip_network("127.0.0.0/8"),
    ipaddress.ip_network("::1/128"),
)
RESOLVE_TIMEOUT_SECONDS = 3.0


def _unwrapped(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        packed = address.packed
        if packed[:12] == bytes(12) and packed[12:] != bytes(4) and address != LOOPBACK[1][0]:
            return ipaddress.IPv4Address(packed[12:])
        if address in ipaddress.ip_network("64:ff9b::/96"):
            return ipaddress.IPv4Address(packed[12:])
    return address


def parse_address(text: str) -> IPAddress | None:
    """An address as a resolver or URL spells it (an IPv6 zone `%eth0` dropped), or None."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0].strip("[]"))
    except ValueError:
        return None


@dataclass(frozen=True)
class DestinationRule:
    """Plain http allowed or not, and the networks exempt from the blocked ranges."""

    allow_http: bool = False
    exempt: tuple[IPNetwork, ...] = ()

    @classmethod
    def strict(cls) -> DestinationRule:
        """Production: https only, public addresses only."""
        return cls()

    @classmethod
    def local(cls) -> DestinationRule:
        """Development and tests: also plain http to receivers on this machine."""
        return cls(allow_http=True, exempt=LOOPBACK)

    @classmethod
    def of(cls, allow_http: bool, exempt: Iterable[str]) -> DestinationRule:
        return cls(allow_http, tuple(ipaddress.ip_network(n, strict=False) for n in exempt))

    @classmethod
    def from_settings(cls, settings: Settings) -> DestinationRule:
        return cls.of(settings.webhook_http_allowed, settings.webhook_exempt_networks)

    def refusal_of_address(self, address: IPAddress) -> str | None:
        """Why a webhook may not connect to this address, or None if it may."""
        return _judged(self, address)

    def _judge(self, address: IPAddress) -> str | None:
        if any(address in network for network in self.exempt):
            return None
        inner = _unwrapped(address)
        if inner is not address and any(inner in network for network in self.exempt):
            return None
        for candidate in {address, inner}:
            if (
                any(candidate in network for network in BLOCKED)
                or candidate.is_private
                or candidate.is_loopback
                or candidate.is_link_local
                or candidate.is_multicast
                or candidate.is_reserved
                or candidate.is_unspecified
                or not candidate.is_global
            ):
                return f"{address}, not a public address"
        return None

    def refusal_of_url(self, url: str) -> str | None:
        """What is wrong with the URL itself (its scheme, a literal address), or None.

        A host name passes here; its addresses are judged once resolved."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            parts.port  # noqa: B018 - raises on a port out of range
        except ValueError:
            return "not a valid URL"
        allowed = ("http", "https") if self.allow_http else ("https",)
        if parts.scheme not in allowed:
            return "an https URL" if not self.allow_http else "an http(s) URL"
        if not host:
            return "a URL with a host"
        literal = parse_address(host)
        return None if literal is None else self.refusal_of_address(literal)

    async def refusal(self, url: str) -> str | None:
        """The URL's rule, and every address its host resolves to now.

        A name that does not resolve passes: it cannot reach anything yet, and every send
        checks again what it connects to."""
        found = self.refusal_of_url(url)
        if found is not None:
            return found
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parse_address(host) is not None:
            return None
        port = parts.port or (443 if parts.scheme == "https" else 80)
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_SECONDS
            )
        except (OSError, TimeoutError, UnicodeError):
            return None
        for info in infos:
            address = parse_address(str(info[4][0]))
            refused = (
                "an unreadable address" if address is None else self.refusal_of_address(address)
            )
            if refused is not None:
                return f"{host} resolves to {refused}"
        return None


@functools.lru_cache(maxsize=4096)
def _judged(rule: DestinationRule, address: IPAddress) -> str | None:
    # ipaddress walks its tables of special ranges on every property: tens of
    # microseconds an address, and a partner's few addresses come back on every send.
    return rule._judge(address)
