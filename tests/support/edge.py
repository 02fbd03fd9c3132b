"""An HTTP client on the real app with chosen settings, for the edge's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from api.app import create_app
from domain.kernel.db.engine import Database
from domain.kernel.live import MemoryBus
from domain.kernel.settings import Settings


@asynccontextmanager
async def edge_client(
    database_url: str,
    *,
    base_url: str = "http://reliefhub.test",
    client: tuple[str, int] = ("127.0.0.1", 123),
    **settings: Any,
) -> AsyncIterator[httpx.AsyncClient]:
    """The app over httpx from address `client`; `settings` override Settings' fields."""
    settings.setdefault("environment", "test")
    db = Database.from_url(database_url)
    app = create_app(Settings(database_url=database_url, **settings), db, live=MemoryBus())
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=client), base_url=base_url
        ) as client:
            yield client
    finally:
        await db.dispose()
