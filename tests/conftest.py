"""Shared fixtures: real databases (SQLite always, PostgreSQL when given), the HTTP app."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, func, select, text

from api.app import create_app
from domain.categories.model import Category
from domain.kernel.db.base import Base
from domain.kernel.db.engine import Database, make_engine
from domain.kernel.db.migrate import upgrade
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.support import executor_check
from tests.support.fixtures import http_receiver, smtp_receiver
from workers.embedded import EmbeddedWorkers

IN_CI = os.environ.get("CI") == "true"
__all__ = ["http_receiver", "smtp_receiver"]  # fixtures, re-exported for every test

# The executor's short way for plain fields is checked against the general path on every
# field of every document the suite sends (tests/support/executor_check.py).
executor_check.install()


@pytest.fixture(autouse=True)
def short_way_agrees_with_the_general_path() -> object:
    executor_check.COMPARISON.differences.clear()
    yield
    differences = executor_check.COMPARISON.differences
    assert not differences, "the short way differs from the general path:\n" + "\n".join(
        differences[:20]
    )


def require_service(name: str, available: bool) -> None:
    """Skip on a laptop without the service; fail in CI, where it must be there."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{name} is required under CI=true but is not configured")
    pytest.skip(f"{name} not configured")


async def _drop_everything(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("db") / "reliefhub.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    require_service("PostgreSQL (TEST_DATABASE_URL)", bool(url))
    assert url is not None
    asyncio.run(_drop_everything(url))
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test that uses the database runs once on SQLite and once on PostgreSQL."""
    return str(request.getfixturevalue(f"{request.param}_url"))


async def _wipe(db: Database) -> None:
    async with db.transaction() as session:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != Category.__tablename__:
                await session.execute(delete(table))
        # The seeded taxonomy shares one timestamp; categories a test added come later.
        seeded_at = select(func.min(Category.created_at)).scalar_subquery()
        await session.execute(delete(Category).where(Category.created_at > seeded_at))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database.from_url(database_url)
    yield database
    await _wipe(database)
    await database.dispose()


@pytest.fixture
async def api(db: Database) -> AsyncIterator[ApiClient]:
    """The real ASGI app over HTTP semantics (httpx), on the test's database."""
    app = create_app(Settings(database_url=db.url, environment="test"), db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://reliefhub.test"
    ) as client:
        yield ApiClient(client, db)


@pytest.fixture
async def workers(db: Database) -> AsyncIterator[EmbeddedWorkers]:
    """The embedded relay and dramatiq worker, as `make run` starts them."""
    # Tests relay and run the periodic jobs when they say so: a pass of its own in the
    # middle of a test (a proposal it made stale, say) would race the test's assertions.
    embedded = EmbeddedWorkers(
        db, Settings(database_url=db.url), relay_interval=3600, periodic_interval=3600
    )
    await embedded.start()
    yield embedded
    await embedded.stop()
