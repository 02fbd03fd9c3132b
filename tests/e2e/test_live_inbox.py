"""The live inbox: notificationReceived over graphql-transport-ws, in the embedded mode."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

from starlette.testclient import TestClient

from api.app import create_app
from domain.kernel.db.engine import Database
from domain.kernel.db.migrate import upgrade
from domain.kernel.live import MemoryBus
from domain.kernel.settings import Settings
from domain.registry.accounts import bootstrap_admin_token
from tests.integration.documents import DISPATCH, MATCHING, REGISTRY
from workers.embedded import EmbeddedWorkers

PASSWORD = "flood-relief-2020"


async def _admin_token(url: str) -> str:
    db = Database.from_url(url)
    try:
        async with db.transaction() as session:
            return await bootstrap_admin_token(session)
    finally:
        await db.dispose()


def _gql(client: TestClient, document: str, variables: dict, token: str | None = None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql", json={"query": document, "variables": variables}, headers=headers
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def test_a_finished_round_lights_up_the_office_inbox_live(tmp_path: Path) -> None:
    # given the app as `make run` wires it: embedded workers sharing one in-process bus
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    upgrade(url)
    settings = Settings(
        database_url=url,
        environment="test",
        secret_key="G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE=",
    )
    live = MemoryBus()
    running: dict[str, EmbeddedWorkers] = {}

    async def start(db: Database) -> None:
        running["workers"] = EmbeddedWorkers(db, settings, live, relay_interval=0.05)
        await running["workers"].start()

    async def stop(_: Database) -> None:
        await running["workers"].stop()

    admin = asyncio.run(_admin_token(url))
    app = create_app(settings, on_startup=start, on_shutdown=stop, live=live)
    with TestClient(app) as client:
        # and an office with a signed-in staff member and an incident
        office = _gql(
            client,
            REGISTRY["CreateOffice"],
            {"input": {"name": "六安市民政局", "regionCode": "341500"}},
            admin,
        )["createOffice"]["office"]
        _gql(
            client,
            REGISTRY["CreateAccount"],
            {
                "input": {
                    "email": "live@luan.example.cn",
                    "password": PASSWORD,
                    "role": "OFFICE_STAFF",
                    "officeId": office["id"],
                }
            },
            admin,
        )
        token = _gql(
            client,
            REGISTRY["SignIn"],
            {"input": {"email": "live@luan.example.cn", "password": PASSWORD}},
        )["signIn"]["token"]
        incident = _gql(
            client,
            MATCHING["CreateIncident"],
            {
                "input": {
                    "name": "洪涝",
                    "hazard": "FLOOD",
                    "responseLevel": "LEVEL_III",
                    "regionCodes": ["341503"],
                    # begun now: an incident long begun would also announce its blind spots
                    "startedAt": datetime.now(UTC).isoformat(),
                }
            },
            token,
        )["createIncident"]["incident"]

        with client.websocket_connect(
            "/graphql",
            subprotocols=["graphql-transport-ws"],
            headers={"authorization": f"Bearer {token}"},
        ) as ws:
            ws.send_json({"type": "connection_init"})
            assert ws.receive_json()["type"] == "connection_ack"
            ws.send_json(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": DISPATCH["NotificationReceived"]},
                }
            )
            time.sleep(0.3)  # ordering slack: let the subscription register first

            # when the staff member runs a matching round
            _gql(client, MATCHING["RunMatching"], {"input": {"incidentId": incident["id"]}}, token)

            # then the round's message arrives over the socket, unasked
            message = ws.receive_json()
            assert message["type"] == "next", message
            received = message["payload"]["data"]["notificationReceived"]
            assert "匹配" in received["subject"]
            assert received["id"] and received["createdAt"]


def test_anonymous_subscribers_are_refused(tmp_path: Path) -> None:
    # given the app / when an anonymous client subscribes / then it gets an error, no stream
    url = f"sqlite:///{tmp_path / 'anon.sqlite3'}"
    upgrade(url)
    app = create_app(Settings(database_url=url, environment="test"), live=MemoryBus())
    with (
        TestClient(app) as client,
        client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws,
    ):
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json(
            {"id": "1", "type": "subscribe", "payload": {"query": DISPATCH["NotificationReceived"]}}
        )
        message = ws.receive_json()
        assert message["type"] in ("error", "next")
        assert "Sign in" in str(message["payload"])
