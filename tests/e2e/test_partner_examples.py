"""The partner docs' trusted-documents examples, run as written against a real server
that runs trusted documents only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.receivers import free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "docs" / "partners" / "README.md"
RELIEFHUB = Path(sys.executable).with_name("reliefhub")
STARTUP_LIMIT = 60.0


def example(name: str) -> str:
    """The fenced block the README marks `<!-- example: name -->`."""
    found = re.search(
        rf"<!-- example: {re.escape(name)} -->\n```\w+\n(.*?)```", README.read_text(), re.S
    )
    assert found, name
    return found.group(1)


@dataclass
class Server:
    url: str
    env: dict[str, str]

    def command(self, *args: str) -> str:
        done = subprocess.run(
            [str(RELIEFHUB), *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`reliefhub serve` with TRUSTED_DOCUMENTS_ONLY=true, until these tests end."""
    tmp_path = tmp_path_factory.mktemp("trusted")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "RELIEFHUB_ENV"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        PORT=str(port),
        RELIEFHUB_ENV="production",
        TRUSTED_DOCUMENTS_ONLY="true",
    )
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(RELIEFHUB), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
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
        yield Server(url, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def test_the_gql_example_registers_and_runs_its_documents(server: Server) -> None:
    # given a trusted-only server that refuses an ad-hoc document, and a token
    adhoc = httpx.post(f"{server.url}/graphql", json={"query": "{ categories { code } }"})
    assert adhoc.status_code == 403, adhoc.text
    token = server.command("admin-token").strip()

    # when the README's Python example runs against it
    done = subprocess.run(
        [sys.executable, "-c", example("trusted_documents.py")],
        env={**os.environ, "RELIEFHUB_URL": server.url, "RELIEFHUB_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=120,
    )

    # then it registered its document and ran it, whole and with its hash
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"registered [0-9a-f]{64}", lines[0]), lines
    assert lines[1:] == ["open needs: 0", "by hash: 0"]


def test_the_curl_example_runs_a_document_the_operator_registered(
    server: Server, tmp_path: Path
) -> None:
    # given the operator registered the query from a file, as a release step does
    path = tmp_path / "categories.graphql"
    path.write_text("# the categories\nquery Categories {\n  categories { code unit }\n}\n")
    (line,) = server.command("register-documents", str(path)).splitlines()
    assert re.match(r"[0-9a-f]{64}  Categories  ", line), line

    # when the README's curl example runs against the server
    script = example("by_hash.sh").replace("http://127.0.0.1:8000", server.url)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=60
    )

    # then the hash alone is not found, then the query with it runs, then the hash alone
    assert done.returncode == 0, done.stderr
    first, second, third = done.stdout.replace("}{", "}\n{").splitlines()
    assert "PersistedQueryNotFound" in first
    assert '"code":"FOOD"' in second.replace(" ", "")
    assert third == second
