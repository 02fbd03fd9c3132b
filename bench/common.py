"""What the benches share: free ports, subprocesses, scratch PostgreSQL databases, and the
way figures, ratios and the machine they were taken on are printed.

Every bench imports its helpers from here and from its own modules only, so a bench split
or renamed cannot break another one (tests/unit/test_import_contracts.py keeps it so)."""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LIMIT = 600.0  # seconds any one wait may take before the run is declared failed
# The servers and workers a bench starts share this key with the data it seeds (encrypted
# webhook secrets, tokens): a fixed one, as nothing a bench makes outlives it.
SECRET_KEY = "G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE="
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1/postgres"


# -- processes --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(
    condition: Callable[[], object], what: str, within: float = LIMIT, interval: float = 0.05
) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {within:.0f}s")
        time.sleep(interval)


@contextmanager
def process(
    command: list[str], log: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A subprocess for the block's duration, its output in `log`; SIGTERM, then SIGKILL
    if it lingers, so that no server outlives the bench that started it."""
    with log.open("ab") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield child
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(timeout=30)


# -- arguments --------------------------------------------------------------------------


def parse(
    parser: argparse.ArgumentParser, argv: list[str] | None, quick: Mapping[str, object]
) -> argparse.Namespace:
    """The arguments, with `--quick` swapping in `quick`'s defaults; an option given on
    the command line still wins over them."""
    parser.add_argument("--quick", action="store_true", help="tiny data, seconds: does it work")
    args = parser.parse_args(argv)
    if args.quick:
        parser.set_defaults(**quick)
        args = parser.parse_args(argv)
    return args


def add_postgres_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a database on the PostgreSQL server to connect to for CREATE/DROP DATABASE "
        "of the bench's own scratch database (default: $BENCH_POSTGRES_URL or %(default)s)",
    )


# -- scratch databases ------------------------------------------------------------------


# The database helpers import their drivers when called: the light helper processes (the
# webhook receiver, the no-op workers) import this module and start without them.


def database_url(server_url: str, name: str | None) -> str:
    """The URL of database `name` on the server of `server_url` (any driver spelling)."""
    from sqlalchemy.engine import make_url

    url = make_url(server_url).set(drivername="postgresql", database=name)
    return url.render_as_string(hide_password=False)


async def _on_server(server_url: str, *statements: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    connection = await asyncpg.connect(database_url(server_url, make_url(server_url).database))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def recreate_database(server_url: str, name: str) -> str:
    """Drop database `name` if it is there, create it empty and migrate it; its URL.
    Call outside an event loop (the migrations run their own)."""
    from domain.kernel.db.migrate import upgrade

    drop, create = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
    asyncio.run(_on_server(server_url, drop, create))
    url = database_url(server_url, name)
    upgrade(url)
    return url


def drop_database(server_url: str, name: str) -> None:
    asyncio.run(_on_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def scratch_database(server_url: str, name: str) -> Iterator[str]:
    """A new, migrated database for the block's duration; dropped afterwards."""
    print(f"scratch database {name} (dropped afterwards)", flush=True)
    try:
        yield recreate_database(server_url, name)
    finally:
        drop_database(server_url, name)


def scratch_name(bench: str) -> str:
    # The process id keeps runs apart that share a server (two developers, CI); the
    # prefix keeps them apart from the test suite's reliefhub_test* databases.
    return f"reliefhub_bench_{bench}_{os.getpid()}"


# -- figures ---------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, NaN (printed "nan") when there is nothing to compare to."""
    return numerator / denominator if denominator else math.nan


def verdict(met: bool, quick: bool) -> str:
    # Tiny data says nothing about a target: a quick run only shows that the bench works.
    if quick:
        return "not judged in --quick"
    return "met" if met else "MISSED"


def machine() -> str:
    """What the figures were taken on: they mean little without the load beside them."""
    when = datetime.now(UTC).isoformat(timespec="seconds")
    return f"{when}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"


def _age() -> float:
    """Seconds since this process started (its imports included), from Linux's /proc."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return float(Path("/proc/uptime").read_text().split()[0]) - started
    except (OSError, ValueError, IndexError):
        return 0.0


class Run:
    """A bench's opening and closing lines: its mode and the machine, then its wall time."""

    def __init__(self, bench: str, quick: bool) -> None:
        self.bench, self.imports = bench, _age()
        self.started = time.perf_counter()
        mode = "--quick: tiny data, seconds; to see that it works" if quick else "full"
        print(f"{bench} ({mode}) on {machine()}", flush=True)

    def done(self) -> None:
        took = self.imports + time.perf_counter() - self.started
        print(f"{self.bench} done in {took:.1f} s ({self.imports:.1f} s of it starting up)")
