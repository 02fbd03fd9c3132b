"""Per-request context: the principal, a guarded read session, dataloaders."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info as StrawberryInfo

from api.rate_limits import CostLimiter
from domain.auth.principal import Principal
from domain.db.engine import Database
from domain.live import LiveBus
from domain.secrets_box import SecretBox
from domain.settings import Settings


@dataclass
class ReadSession:
    """One session for a request's reads; a lock because resolvers run concurrently."""

    db: Database
    _session: AsyncSession | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @asynccontextmanager
    async def use(self) -> AsyncIterator[AsyncSession]:
        async with self._lock:
            if self._session is None:
                self._session = self.db.session()
            yield self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


@dataclass
class Context:
    db: Database
    settings: Settings
    principal: Principal
    reads: ReadSession
    request: Any = None
    response: Any = None
    loaders: dict[str, Any] = field(default_factory=dict)
    live: LiveBus | None = None
    box: SecretBox | None = None
    limiter: CostLimiter | None = None

    def reading(self) -> Any:
        """`async with ctx.reading() as session:` for one read."""
        return self.reads.use()


Info = StrawberryInfo[Context, None]
