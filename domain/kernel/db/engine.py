"""The async engine, sessions and the unit of work (the one transaction boundary)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import orjson
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from domain.kernel.settings import async_database_url

R = TypeVar("R")
CONNECT_TIMEOUT = 5.0  # seconds (PostgreSQL)
log = logging.getLogger(__name__)
# aiosqlite logs every statement with its bound values at DEBUG: phone numbers, token
# digests. Its records stop at INFO whatever level the deployment's logging is set to.
logging.getLogger("aiosqlite").setLevel(logging.INFO)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer commits; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _immediate(connection: Any) -> None:
    # A deferred SQLite transaction that reads, then writes after another writer
    # committed, fails at once (SQLITE_BUSY_SNAPSHOT); taking the write lock up front
    # makes writers queue behind busy_timeout instead.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _driver_autocommit(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event, not the driver, start transactions.
    dbapi_connection.isolation_level = None


def sqlstate(error: DBAPIError) -> str | None:
    """The SQLSTATE behind a driver error (asyncpg), if any."""
    return getattr(error.orig, "sqlstate", None) or getattr(
        getattr(error.orig, "__cause__", None), "sqlstate", None
    )


def is_transient(error: DBAPIError) -> bool:
    """Deadlock or serialization failure (PostgreSQL), or a busy database (SQLite)."""
    return sqlstate(error) in ("40P01", "40001") or "database is locked" in str(error.orig)


def make_engine(database_url: str, *, immediate: bool = False, **kwargs: Any) -> AsyncEngine:
    """An async engine for a DATABASE_URL as docs/architecture.md documents it.

    `immediate` (SQLite only): transactions take the write lock when they begin.
    """
    url = async_database_url(database_url)
    # SQL logging and DBAPI errors would otherwise carry the bound values: phone numbers,
    # token digests, password hashes (none of these may reach a log).
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("json_deserializer", read_json)
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if immediate:
            event.listen(engine.sync_engine, "connect", _driver_autocommit)
            event.listen(engine.sync_engine, "begin", _immediate)
        return engine
    kwargs.setdefault("pool_size", 10)
    # No ping on every checkout (a round trip per session, most of a small read's wait):
    # a pooled connection the server dropped (a restart) fails its first statement as a
    # disconnect, that request answers 503, and SQLAlchemy then discards every connection
    # the pool held from before, so the next requests start afresh. A server that does
    # not answer at all (a hung host, a partition) fails a new connection after
    # CONNECT_TIMEOUT rather than asyncpg's 60 s.
    kwargs.setdefault("pool_pre_ping", False)
    kwargs.setdefault("connect_args", {"timeout": CONNECT_TIMEOUT})
    kwargs.setdefault("json_deserializer", read_json)
    return create_async_engine(url, **kwargs)


def read_json(text: str) -> Any:
    """A JSON column's value: orjson where it can (several times faster on a page of
    rows), the standard library for what only it reads (NaN, written by json.dumps)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


class Database:
    """Hands out read sessions and transactions (units of work)."""

    def __init__(self, engine: AsyncEngine, write_engine: AsyncEngine | None = None) -> None:
        self.engine = engine
        self.write_engine = write_engine or engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.write_sessions = async_sessionmaker(self.write_engine, expire_on_commit=False)
        # A request's reads under READ COMMITTED see a fresh snapshot per statement inside
        # a transaction or not; without one, PostgreSQL is spared a BEGIN and a ROLLBACK
        # round trip per request.
        reader = engine
        if engine.dialect.name == "postgresql":
            reader = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.read_sessions = async_sessionmaker(reader, expire_on_commit=False)

    @classmethod
    def from_url(cls, database_url: str) -> Database:
        engine = make_engine(database_url)
        if engine.dialect.name != "sqlite":
            return cls(engine)
        return cls(engine, make_engine(database_url, immediate=True))

    @property
    def url(self) -> str:
        """The database URL, password included, for handing to another process."""
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits when the block ends, rolls back on any exception."""
        async with self.write_sessions() as session, session.begin():
            yield session

    async def run(self, work: Callable[[AsyncSession], Awaitable[R]], *, attempts: int = 3) -> R:
        """`work` in a unit of work, run again from scratch when the database picked it
        as a deadlock or serialization victim (nothing of a failed try is kept)."""
        for attempt in range(1, attempts + 1):
            try:
                async with self.transaction() as session:
                    return await work(session)
            except DBAPIError as error:
                if attempt == attempts or not is_transient(error):
                    raise
                log.info("transaction retried after %s (try %d)", sqlstate(error), attempt)
        raise AssertionError("unreachable")

    def session(self) -> AsyncSession:
        """A session for reads; the caller closes it."""
        return self.sessions()

    def read_session(self) -> AsyncSession:
        """A session that only reads, outside any transaction; the caller closes it."""
        return self.read_sessions()

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.write_engine is not self.engine:
            await self.write_engine.dispose()
