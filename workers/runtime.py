"""What actors need at run time: settings, and per event loop a database and channels."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from domain.kernel.db.engine import Database
from domain.kernel.enums import Channel as ChannelKind
from domain.kernel.live import LiveBus, RedisBus
from domain.kernel.secrets_box import SecretBox
from domain.kernel.settings import Settings
from workers.channels import Channel, aclose_channels, channels_from_settings


@dataclass
class _LoopResources:
    db: Database
    channels: dict[str, Channel]
    live: LiveBus
    slices: asyncio.Semaphore


@dataclass
class Runtime:
    """`shared_live` is the embedded mode's in-process bus; with Redis each loop has its own."""

    settings: Settings
    shared_live: LiveBus | None = None
    box: SecretBox = field(init=False)
    _per_loop: dict[int, _LoopResources] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.box = SecretBox.from_settings(self.settings)

    def _resources(self) -> _LoopResources:
        # Async engines and HTTP pools are bound to the loop that made them.
        loop = asyncio.get_running_loop()
        found = self._per_loop.get(id(loop))
        if found is None:
            s = self.settings
            live = self.shared_live or RedisBus(s.redis_url or "redis://127.0.0.1:6379/0")
            found = self._per_loop[id(loop)] = _LoopResources(
                Database.from_url(s.database_url),
                channels_from_settings(s),
                live,
                # Two slices at once: one records while the other sends.
                asyncio.Semaphore(2),
            )
        return found

    def database(self) -> Database:
        return self._resources().db

    def channels(self) -> dict[str, Channel]:
        return self._resources().channels

    def enabled_channels(self) -> frozenset[ChannelKind]:
        """INBOX and WEBHOOK always; EMAIL and SMS when their servers are configured."""
        kinds = {ChannelKind.INBOX, ChannelKind.WEBHOOK}
        if self.settings.smtp_host:
            kinds.add(ChannelKind.EMAIL)
        if self.settings.sms_gateway_url:
            kinds.add(ChannelKind.SMS)
        return frozenset(kinds)

    def slices(self) -> asyncio.Semaphore:
        """Held while a slice of a batch is claimed, sent and recorded."""
        return self._resources().slices

    def slice_size(self) -> int:
        """Two slices of this size keep DELIVERY_CONCURRENCY sends in flight per process."""
        return max(1, self.settings.delivery_concurrency // 2)

    def live(self) -> LiveBus:
        return self._resources().live

    async def dispose(self) -> None:
        """Close what this loop opened (call on each loop that used the runtime)."""
        found = self._per_loop.pop(id(asyncio.get_running_loop()), None)
        if found is not None:
            await aclose_channels(found.channels)
            await found.db.dispose()
            if isinstance(found.live, RedisBus):
                await found.live.aclose()
