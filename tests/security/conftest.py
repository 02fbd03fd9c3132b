"""The matrices' shared world: built once per database, as a module-scoped fixture."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, literal, select, union_all

from api.app import create_app
from domain.kernel.db.base import Base
from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.conftest import _wipe
from tests.security.assignment_targets import world_assignment
from tests.security.location_targets import world_elders_need, world_volunteer_offer
from tests.security.people_targets import world_other_visitor, world_person
from tests.security.volunteer_targets import world_volunteer_values
from tests.security.world import World, build_world


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def world_database(request: pytest.FixtureRequest) -> tuple[str, str]:
    """(name, url): the matrices run once on SQLite and once on PostgreSQL."""
    return request.param, str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture(scope="module")
async def world(world_database: tuple[str, str]) -> AsyncIterator[World]:
    """Every role of the matrices on one database, in production mode (errors masked)."""
    name, url = world_database
    database = Database.from_url(url)
    app = create_app(Settings(database_url=url, environment="production"), database)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://reliefhub.test"
    ) as client:
        world = await build_world(ApiClient(client, database), name)
        await world_volunteer_values(world)
        await world_person(world)
        await world_other_visitor(world)
        await world_elders_need(world)
        await world_volunteer_offer(world)
        await world_assignment(world)
        yield world
    await _wipe(database)
    await database.dispose()


async def snapshot(db: Database) -> dict[str, tuple[int, object]]:
    """Per table: its row count and latest update; any write changes one of them."""
    parts = []
    for table in Base.metadata.sorted_tables:
        latest = func.max(table.c.updated_at) if "updated_at" in table.c else literal(None)
        parts.append(
            select(
                literal(table.name).label("name"), func.count().label("rows"), latest.label("at")
            ).select_from(table)
        )
    async with db.transaction() as session:
        result = await session.execute(union_all(*parts))
        return {name: (rows, str(at)) for name, rows, at in result}
