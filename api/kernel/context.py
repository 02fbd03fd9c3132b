"""Per-request context: the principal, a guarded read session, dataloaders."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info as StrawberryInfo

from api.server.rate_limits import CostLimiter
from domain.kernel.auth.principal import Principal
from domain.kernel.db.availability import database_unavailable
from domain.kernel.db.engine import Database
from domain.kernel.live import LiveBus
from domain.kernel.secrets_box import SecretBox
from domain.kernel.settings import Settings

log = logging.getLogger(__name__)


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
                self._session = self.db.read_session()
            yield self._session

    async def close(self) -> None:
        # Under the lock: when one resolver fails, graphql-core answers without waiting
        # for its siblings, and one may still be using the session.
        async with self._lock:
            session, self._session = self._session, None
            if session is None:
                return
            try:
                await session.close()
            except DBAPIError as error:
                if not database_unavailable(error):
                    raise
                # The database went away mid-request; the pool has dropped the connection.
                log.info("read session closed on a lost connection: %s", error.orig)


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
