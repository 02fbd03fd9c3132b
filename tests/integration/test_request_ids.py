"""A request id follows the work it causes: response header, outbox event, worker logs."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from api.app import create_app
from domain.kernel.outbox import OutboxEvent
from domain.kernel.settings import Settings
from reliefhub.logs import JsonFormatter
from tests.client import ApiClient
from tests.steps.registry import approve_naming_the_request, office_with_staff, pending_organization
from workers.embedded import EmbeddedWorkers

REQUEST_ID = "ops-7f3a9c2e-review"


@pytest.fixture
def worker_log() -> Iterator[io.StringIO]:
    """The JSON lines the `workers` loggers write, as `reliefhub worker` writes them."""
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("workers")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


async def test_a_given_request_id_is_echoed_and_a_missing_one_is_made(api: ApiClient) -> None:
    # given a caller that sends its own id, one that sends none, one that sends junk
    given = await api.http.get("/healthz", headers={"X-Request-ID": "lb-1234"})
    missing = await api.http.post("/graphql", json={"query": "{ __typename }"})
    junk = await api.http.get("/healthz", headers={"X-Request-ID": "two words\tand a tab"})
    # then each response carries one: the caller's, or a fresh one
    assert given.headers["x-request-id"] == "lb-1234"
    made = missing.headers["x-request-id"]
    assert len(made) == 32 and int(made, 16) >= 0
    assert junk.headers["x-request-id"] not in ("", "two words\tand a tab")


async def test_the_request_id_reaches_the_worker_logs_of_the_events_it_caused(
    api: ApiClient, workers: EmbeddedWorkers, worker_log: io.StringIO
) -> None:
    # given a pending organization and an office that may review it
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    organization = await pending_organization(
        api, 41, "341503", name="裕安区蓝天救援队", kind="CHARITY"
    )
    await workers.drain()
    worker_log.seek(0)
    worker_log.truncate()

    # when the office approves it with a request id of its own
    response = await approve_naming_the_request(api, office.token, organization, REQUEST_ID)
    assert response.headers["x-request-id"] == REQUEST_ID
    await workers.drain()

    # then the event it caused, and the sends the fan-out caused, carry the id
    async with api.db.session() as session:
        events = (await session.scalars(select(OutboxEvent))).all()
    caused = {e.topic for e in events if e.payload.get("requestId") == REQUEST_ID}
    assert {"organization.reviewed", "notification.send"} <= caused
    # and the worker's log lines about that work name it
    lines = [json.loads(line) for line in worker_log.getvalue().splitlines() if line]
    fan_out = [line for line in lines if line["logger"] == "workers.actors"]
    assert fan_out, lines
    assert {line.get("request_id") for line in fan_out} == {REQUEST_ID}


def test_a_websocket_connection_gets_the_request_id_in_its_handshake(sqlite_url: str) -> None:
    # given the app, and a subscriber that names its connection
    app = create_app(Settings(database_url=sqlite_url, environment="test"))
    with (
        TestClient(app) as client,
        client.websocket_connect(
            "/graphql", subprotocols=["graphql-transport-ws"], headers={"X-Request-ID": "ws-77"}
        ) as ws,
    ):
        # when the handshake is done
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"
        # then the accept carried the id back
        assert (b"x-request-id", b"ws-77") in [(k.lower(), v) for k, v in ws.extra_headers or []]
