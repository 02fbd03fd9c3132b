"""Which failures mean "the database is unreachable, retry" (a 503) and which are bugs
or refusals that must keep their own answer."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from domain.kernel.db.availability import database_unavailable
from domain.kernel.errors import DomainError, ErrorCode


def _wrapped(cause: BaseException) -> RuntimeError:
    """`cause` two levels down, as SQLAlchemy and strawberry chain them."""
    try:
        try:
            raise cause
        except BaseException as error:
            raise DBAPIError("SELECT 1", {}, error) from error
    except DBAPIError as outer:
        try:
            raise RuntimeError("resolver failed") from outer
        except RuntimeError as top:
            return top


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed"),
        ConnectionResetError(104, "Connection reset by peer"),
        OSError("Multiple exceptions: [Errno 111] Connect call failed, [Errno 99] ..."),
        TimeoutError(),  # asyncpg's connect timeout
        asyncpg.CannotConnectNowError("the database system is shutting down"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        DBAPIError("SELECT 1", {}, Exception("closed"), connection_invalidated=True),
        PoolTimeout("QueuePool limit reached"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_unreachable_database_is_recognised_however_deep(error: BaseException) -> None:
    assert database_unavailable(error)
    assert database_unavailable(_wrapped(error))


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("INSERT", {}, Exception("duplicate key")),
        OperationalError("UPDATE", {}, Exception("database is locked")),
        asyncpg.UniqueViolationError("duplicate key value"),
        asyncpg.SerializationError("could not serialize access"),
        DomainError.single("name", ErrorCode.REQUIRED, "A name is required."),
        ValueError("a bug"),
        FileNotFoundError("not a database"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_refusals_conflicts_and_bugs_are_not_outages(error: BaseException) -> None:
    assert not database_unavailable(error)
    assert not database_unavailable(_wrapped(error))
