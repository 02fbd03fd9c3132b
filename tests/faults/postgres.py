"""A private PostgreSQL cluster for the fault tests, stopped and started at will.

The shared server on 5432 serves every engineer's tests and is never touched: this one
lives in its own directory, on a free port, with its socket there too. initdb refuses
to run as root, so the cluster belongs to the `postgres` system user when we are root.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Self

import httpx

from api.server.unavailable import CODE, RETRY_AFTER_SECONDS
from tests.support.receivers import free_port

BIN = Path("/usr/lib/postgresql/15/bin")


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found is None and (BIN / name).exists():
        found = str(BIN / name)
    return found


def postgres_available() -> bool:
    """initdb and pg_ctl are installed, and we can run them as a non-root user."""
    if _tool("initdb") is None or _tool("pg_ctl") is None:
        return False
    if os.geteuid() != 0:
        return True
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return shutil.which("runuser") is not None


class PostgresServer:
    """initdb into a fresh directory, then `pg_ctl start/stop -m fast` on a fixed port, so
    a restarted server answers at the same URL (trust authentication, local only)."""

    def __init__(self) -> None:
        # Not pytest's tmp_path: /tmp/pytest-of-root is root's alone, and the server
        # runs as `postgres`.
        self.directory = Path(tempfile.mkdtemp(prefix="reliefhub-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._initialised = False

    def _run(self, *args: str, timeout: float = 120.0) -> None:
        done = subprocess.run(
            [*self._as_user, *args], capture_output=True, text=True, timeout=timeout, check=False
        )
        assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout}{done.stderr}"

    def start(self) -> Self:
        if not self._initialised:
            initdb = _tool("initdb")
            assert initdb is not None
            self._run(initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
            self._initialised = True
        pg_ctl = _tool("pg_ctl")
        assert pg_ctl is not None
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        # -w: return once the server accepts connections (or fail after -t seconds).
        log = str(self.directory / "postgres.log")
        self._run(pg_ctl, "-D", str(self.data), "-l", log, "-o", options, "-w", "-t", "60", "start")
        return self

    @property
    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def stop(self) -> None:
        """Fast shutdown: open sessions are cut, as when an operator restarts the server."""
        pg_ctl = _tool("pg_ctl")
        if self._initialised and pg_ctl is not None and self.running:
            self._run(pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def pause(self) -> None:
        """SIGSTOP the postmaster: it accepts TCP connections but never answers them, as a
        hung host does (sessions already open keep their own backends)."""
        os.kill(self._postmaster(), signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self._postmaster(), signal.SIGCONT)

    def _postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text().splitlines()[0])

    def log(self) -> str:
        path = self.directory / "postgres.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.remove()


def assert_unavailable(response: httpx.Response) -> None:
    """What the API answers while the cluster is down: a 503 a client can act on,
    with Retry-After and a GraphQL-shaped error saying why."""
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.headers["content-type"].startswith("application/json")
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == [CODE], errors
    assert "database is unavailable" in errors[0]["message"]
