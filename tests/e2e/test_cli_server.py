"""The real thing, as a user starts it: `reliefhub migrate`, `serve`, `admin-token`, HTTP."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.client import valid_uscc
from tests.integration.documents import CONSOLE, REGISTRY
from tests.support.receivers import free_port

pytestmark = pytest.mark.e2e

RELIEFHUB = Path(sys.executable).with_name("reliefhub")
PASSWORD = "flood-relief-2020"
STARTUP_LIMIT = 60.0  # seconds; the wait ends as soon as /healthz answers


@dataclass
class Server:
    url: str
    env: dict[str, str]
    log: Path

    def gql(self, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables},
            headers=headers,
            timeout=30,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    def mutate(self, name: str, input: dict[str, Any], token: str | None = None) -> Any:
        document = REGISTRY[name[0].upper() + name[1:]]
        payload = self.gql(document, {"input": input}, token)[name]
        assert payload["userErrors"] == [], payload
        return payload


def _command(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(RELIEFHUB), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`reliefhub migrate`, then `reliefhub serve --no-migrate` until these tests end."""
    tmp_path = tmp_path_factory.mktemp("e2e")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "RELIEFHUB_ENV"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        PORT=str(port),
        RELIEFHUB_ENV="development",
    )
    _command(env, "migrate")
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(RELIEFHUB), "serve", "--no-migrate"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_LIMIT
        while True:
            assert process.poll() is None, "the server exited:\n" + log_path.read_text()
            try:
                if httpx.get(f"{url}/healthz", timeout=2).text == "ok":
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "no /healthz:\n" + log_path.read_text()
            time.sleep(0.05)
        yield Server(url, env, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
    assert process.returncode is not None


def test_a_newcomer_walks_the_registry_contract(server: Server) -> None:
    # given an ADMIN token from the command line
    admin = _command(server.env, "admin-token").strip()
    assert admin.startswith("rh_")

    # when the admin creates the Lu'an office and a staff account, who signs in
    office = server.mutate("createOffice", {"name": "六安市民政局", "regionCode": "341500"}, admin)
    staff = {"email": "staff@luan.gov.cn", "password": PASSWORD}
    server.mutate(
        "createAccount",
        {**staff, "role": "OFFICE_STAFF", "officeId": office["office"]["id"]},
        admin,
    )
    token = server.mutate("signIn", staff)["token"]

    # and a rescue team in Yu'an district signs up and is approved by that office
    registered = server.mutate(
        "registerOrganization",
        {
            "name": "裕安区蓝天救援队",
            "kind": "EMERGENCY_RESCUE_TEAM",
            "uscc": valid_uscc(1),
            "regionCode": "341503",
            "contactName": "王队长",
            "contactPhone": "13812345678",
            "contactEmail": "team@example.org",
            "adminEmail": "captain@example.org",
            "adminPassword": PASSWORD,
        },
    )
    organization_id = registered["organization"]["id"]
    assert registered["organization"]["status"] == "PENDING"
    reviewed = server.mutate(
        "reviewOrganization", {"organizationId": organization_id, "decision": "APPROVE"}, token
    )

    # then it is VERIFIED and the public list shows it with its phone masked
    assert reviewed["organization"] == {"id": organization_id, "status": "VERIFIED"}
    listed = server.gql(REGISTRY["Organizations"], {"first": 10})["organizations"]
    assert listed["totalCount"] == 1
    node = listed["edges"][0]["node"]
    assert (node["id"], node["contactPhone"]) == (organization_id, "+86 138****5678")
    assert node["region"] == {"code": "341503", "name": "裕安区"}
    # and a bad token is refused at the door
    refused = httpx.post(
        f"{server.url}/graphql",
        json={"query": "{ viewer { id } }"},
        headers={"authorization": "Bearer rh_nope"},
        timeout=30,
    )
    assert refused.status_code == 401


def test_the_first_admin_joins_from_the_link_the_server_logged(server: Server) -> None:
    # given the log of `reliefhub serve` started on an empty database (as `make run` does)
    text = server.log.read_text()
    logged = re.search(r"(http://\S+/#/join/([\w-]+)) once.*the ADMIN (\S+),", text)
    assert logged is not None, text
    link, token, email = logged.groups()
    assert link.startswith(server.url)

    # when the person at the server opens it and sets a name and a password
    joined = server.gql(
        CONSOLE["AcceptInvitation"],
        {"input": {"token": token, "displayName": "管理员", "password": PASSWORD}},
    )["acceptInvitation"]

    # then that address signs in as an ADMIN from then on
    assert joined["userErrors"] == [] and joined["account"]["role"] == "ADMIN"
    signed = server.mutate("signIn", {"email": email, "password": PASSWORD})
    assert server.gql(REGISTRY["Viewer"], {}, signed["token"])["viewer"]["role"] == "ADMIN"


def test_graphiql_is_served_in_development(server: Server) -> None:
    # when a browser opens /graphql
    response = httpx.get(f"{server.url}/graphql", headers={"accept": "text/html"}, timeout=30)

    # then it gets the GraphiQL page
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()
