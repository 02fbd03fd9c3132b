"""A real server (`reliefhub serve`, embedded mode, temp SQLite) and Debian's Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import require_service
from tests.support.receivers import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RELIEFHUB = Path(sys.executable).with_name("reliefhub")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
STARTUP_LIMIT = 60.0


@dataclass
class Server:
    url: str
    env: dict[str, str]

    def gql(self, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
        response = httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"} if token else {},
            timeout=30,
        )
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    def command(self, *args: str) -> str:
        done = subprocess.run(
            [str(RELIEFHUB), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def portal_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`reliefhub migrate` then `serve` on a free port, for the browser tests."""
    yield from serve(tmp_path_factory.mktemp("portal"))


def serve(tmp_path: Path, **extra_env: str) -> Iterator[Server]:
    """A migrated server on a free port, its environment with `extra_env` added; its log
    is `serve.log` in `tmp_path`."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "RELIEFHUB_ENV"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}", PORT=str(port))
    env.update(extra_env)
    server = Server(f"http://127.0.0.1:{port}", env)
    server.command("migrate")
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(RELIEFHUB), "serve", "--no-migrate"], env=env, stdout=log, stderr=log
        )
    try:
        deadline = time.monotonic() + STARTUP_LIMIT
        while True:
            assert process.poll() is None, "the server exited:\n" + log_path.read_text()
            try:
                if httpx.get(f"{server.url}/healthz", timeout=2).text == "ok":
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "no /healthz:\n" + log_path.read_text()
            time.sleep(0.05)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


# Module scope: Playwright's sync API holds an event loop on this thread while it runs,
# which later tests' asyncio.run() would trip over.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium; skipped on a laptop without it, required under CI=true."""
    require_service("Chromium (/usr/bin/chromium)", CHROMIUM.exists())
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_service("Playwright for Python", False)
        raise
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def screenshot() -> Any:
    """shot(page, name): a full-page PNG in artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shot(page: Any, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return shot
