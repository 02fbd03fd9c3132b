"""Fixtures of the fault tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.kernel.db.migrate import upgrade
from tests.conftest import require_service
from tests.faults.postgres import PostgresServer, postgres_available


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PostgresServer]:
    """A migrated private PostgreSQL cluster the tests may stop; removed at the end."""
    require_service("PostgreSQL server binaries (initdb, pg_ctl)", postgres_available())
    with PostgresServer() as server:
        upgrade(server.url)
        yield server
