"""What actors need at run time: settings and a database bound to the actor's event loop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from domain.db.engine import Database
from domain.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    _databases: dict[int, Database] = field(default_factory=dict)

    def database(self) -> Database:
        """One Database per event loop: async engines must not cross loops."""
        loop = asyncio.get_running_loop()
        db = self._databases.get(id(loop))
        if db is None:
            db = self._databases[id(loop)] = Database.from_url(self.settings.database_url)
        return db

    async def dispose(self) -> None:
        databases, self._databases = list(self._databases.values()), {}
        for db in databases:
            await db.dispose()
