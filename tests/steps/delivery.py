"""The app and its embedded workers, retrying deliveries 10 ms apart instead of seconds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from api.app import create_app
from domain.kernel.db.engine import Database
from domain.kernel.live import MemoryBus
from domain.kernel.settings import Settings
from tests.client import ApiClient
from workers.embedded import EmbeddedWorkers


@pytest.fixture
async def quick_retries(db: Database) -> AsyncIterator[tuple[ApiClient, EmbeddedWorkers]]:
    """App and embedded workers with retries 10 ms apart instead of seconds."""
    settings = Settings(
        database_url=db.url,
        environment="test",
        delivery_min_backoff_ms=10,
        secret_key="G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE=",
    )
    async with running_app(db, settings) as running:
        yield running


@asynccontextmanager
async def running_app(
    db: Database, settings: Settings
) -> AsyncIterator[tuple[ApiClient, EmbeddedWorkers]]:
    """The app over HTTP in-process, with its embedded workers (relaying on demand)."""
    live = MemoryBus()
    embedded = EmbeddedWorkers(db, settings, live, relay_interval=3600)
    await embedded.start()
    app = create_app(settings, db, live=live)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://reliefhub.test"
        ) as client:
            yield ApiClient(client, db), embedded
    finally:
        await embedded.stop()
