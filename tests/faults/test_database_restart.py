"""PostgreSQL stopped and started again: a clear 503 while it is down, service after,
nothing half-written. A private cluster (tests/faults/postgres.py), never the shared one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from api.app import create_app
from api.server.unavailable import MESSAGE
from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from domain.registry.model import Organization
from tests.client import ApiClient
from tests.faults.postgres import PostgresServer, assert_unavailable
from tests.integration.documents import REGISTRY
from tests.steps.registry import organization_input

pytestmark = [pytest.mark.postgres]

OUTAGE_NAME = "停电期间注册的机构"


@pytest.fixture
async def outage_api(private_postgres: PostgresServer) -> AsyncIterator[ApiClient]:
    """The app in a production-like environment (errors masked) on the private cluster."""
    db = Database.from_url(private_postgres.url)
    app = create_app(Settings(database_url=db.url, environment="test"), db)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://reliefhub.test"
        ) as client:
            yield ApiClient(client, db)
    finally:
        if not private_postgres.running:
            await asyncio.to_thread(private_postgres.start)
        await db.dispose()


async def _organizations_named(db: Database, name: str) -> int:
    async with db.sessions() as session:
        stmt = select(func.count()).select_from(Organization).where(Organization.name == name)
        return int(await session.scalar(stmt) or 0)


async def test_requests_get_a_clear_503_while_postgresql_is_down_and_succeed_after(
    outage_api: ApiClient, private_postgres: PostgresServer
) -> None:
    api = outage_api
    # given a working API with an admin whose token was issued (the pool holds connections)
    admin = await api.admin_token()
    listing = {"first": 5, "filter": {"regionCode": "340000"}}
    await api.gql(REGISTRY["Organizations"], listing, admin)
    registration = {"input": organization_input(9101, "341502", name=OUTAGE_NAME, kind="CHARITY")}

    # when PostgreSQL stops (fast shutdown: the pooled connections are cut)
    await asyncio.to_thread(private_postgres.stop)

    # then a read in a resolver, a token check before execution, and a write each get
    # a 503 with Retry-After and a GraphQL error naming the cause, never a 500
    assert_unavailable(await api.post(REGISTRY["Organizations"], listing))
    assert_unavailable(await api.post(REGISTRY["Organizations"], listing, admin))
    assert_unavailable(await api.post(REGISTRY["RegisterOrganization"], registration))
    # and a query over GET is answered the same way
    get = "{ organizations(first: 1) { totalCount } }"
    assert_unavailable(await api.http.get("/graphql", params={"query": get}))

    # when PostgreSQL is back on the same port
    await asyncio.to_thread(private_postgres.start)

    # then the same requests succeed at once: the pool replaced its dead connections
    await api.gql(REGISTRY["Organizations"], listing)
    await api.gql(REGISTRY["Organizations"], listing, admin)
    # and the refused registration left nothing: registering again is not a duplicate
    assert await _organizations_named(api.db, OUTAGE_NAME) == 0
    registered = await api.gql(REGISTRY["RegisterOrganization"], registration)
    assert registered["registerOrganization"]["userErrors"] == []
    assert await _organizations_named(api.db, OUTAGE_NAME) == 1


def test_a_subscription_opened_while_postgresql_is_down_is_told_to_retry(
    private_postgres: PostgresServer,
) -> None:
    # given the app, and PostgreSQL stopped
    app = create_app(Settings(database_url=private_postgres.url, environment="test"))
    private_postgres.stop()
    try:
        # when a client opens a subscription socket with a bearer token to check
        with (
            TestClient(app) as client,
            client.websocket_connect(
                "/graphql",
                subprotocols=["graphql-transport-ws"],
                headers={"authorization": "Bearer any-token"},
            ) as ws,
            pytest.raises(WebSocketDisconnect) as closed,
        ):
            ws.receive_json()
        # then the socket is closed with 1013 "try again later", not a server crash
        assert (closed.value.code, closed.value.reason) == (1013, MESSAGE)
    finally:
        private_postgres.start()


async def test_a_database_that_does_not_answer_gets_a_503_not_a_hang(
    private_postgres: PostgresServer,
) -> None:
    # given the app with an empty pool, and a PostgreSQL that accepts but never answers
    db = Database.from_url(private_postgres.url)
    app = create_app(Settings(database_url=db.url, environment="test"), db)
    private_postgres.pause()
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://reliefhub.test"
        ) as client:
            # when a client reads, willing to wait 20 s (asyncpg alone would wait 60 s)
            listing = "{ organizations(first: 1) { totalCount } }"
            request = client.post("/graphql", json={"query": listing})
            answered = await asyncio.wait_for(request, timeout=20)
        # then the connect gives up and the client is told to retry
        assert_unavailable(answered)
    finally:
        private_postgres.resume()
        await db.dispose()
