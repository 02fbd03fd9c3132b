"""Is an exception the database being unreachable (down, restarting, cut off)?

Such failures surface in many shapes: the socket refusing the connection (a raw
OSError from the driver's connect), the server cutting a session mid-query (a
DBAPIError SQLAlchemy marked `connection_invalidated`), the server refusing sessions
while it starts or stops (asyncpg's CannotConnectNowError, SQLSTATE 57P03), or the pool
giving up waiting for a connection. All mean "try again shortly", not a bug.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# Class 08 is "connection exception"; 57P01-57P03: the server is shutting down, crashed,
# or not yet accepting sessions; 53300: too many connections.
_UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what it wraps (DBAPIError.orig) and its causes, each once."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.append(getattr(current, "orig", None))
        pending.append(current.__cause__)
        pending.append(current.__context__)


def _unavailable_one(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, ConnectionError | socket.gaierror | TimeoutError | PoolTimeout):
        return True
    if type(error) is OSError:  # asyncio's "Multiple exceptions" when every address failed
        return True
    state = getattr(error, "sqlstate", None)
    return isinstance(state, str) and (state.startswith("08") or state in _UNAVAILABLE_SQLSTATES)


def database_unavailable(error: BaseException) -> bool:
    """True when `error` (or what caused it) says the database cannot be reached now."""
    return any(_unavailable_one(e) for e in _chain(error))
