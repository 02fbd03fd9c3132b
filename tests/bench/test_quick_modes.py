"""Every bench's --quick mode, run as a person runs it (`python -m bench.bench_x --quick`):
a bench that no longer starts, or no longer prints its figures, fails here and not on the
day someone needs its numbers. The figures' values are not judged: tiny data on a shared
machine says nothing about speed."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 240.0  # seconds: a quick mode takes seconds to a minute on a loaded 2-core machine


def run_quick(module: str, server: str | None = None) -> str:
    """The bench's --quick output; fails the test, with all it printed, unless it exits 0."""
    env = {**os.environ}
    if server:
        env["BENCH_POSTGRES_URL"] = server
    done = subprocess.run(
        [sys.executable, "-m", module, "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=LIMIT,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def lines(pattern: str, output: str) -> list[str]:
    return re.findall(pattern, output, re.MULTILINE)


def scratch_databases_left(server: str, output: str) -> list[str]:
    """The scratch databases the run named that are still on the server."""
    names = lines(r"^scratch database (\S+) \(dropped afterwards\)$", output)
    assert names, output

    async def present() -> list[str]:
        url = make_url(server).set(drivername="postgresql")
        connection = await asyncpg.connect(url.render_as_string(hide_password=False))
        try:
            rows = await connection.fetch("SELECT datname FROM pg_database")
        finally:
            await connection.close()
        return [name for name in names if name in {row["datname"] for row in rows}]

    return asyncio.run(present())


@pytest.fixture
def postgres_server() -> str:
    """Any database on the test server: the benches connect to it only to create theirs."""
    url = os.environ.get("TEST_DATABASE_URL")
    require_service("PostgreSQL (TEST_DATABASE_URL)", bool(url))
    assert url is not None
    return url


def test_the_matching_bench_quick_mode_prints_its_one_row_of_figures() -> None:
    # given the matching bench, which needs nothing but this Python
    # when its quick mode runs
    output = run_quick("bench.bench_matching")
    # then it printed the 10^3 row: pairs, seconds, memory, coverage and the ratio to greedy
    number = r"\s+[\d.]+"
    assert lines(rf"^\s+1e3{number * 12}\s+\d+/\d+/\d+{number}$", output), output
    assert lines(r"^bench-matching done in [\d.]+ s", output), output


@pytest.mark.postgres
def test_the_notify_bench_quick_mode_prints_throughput_latency_and_the_dramatiq_ratio(
    postgres_server: str,
) -> None:
    # given PostgreSQL and a redis-server binary (the bench starts a private one)
    require_service("redis-server", shutil.which("redis-server") is not None)
    # when its quick mode runs
    output = run_quick("bench.bench_notify", postgres_server)
    # then it printed each figure line, and left no scratch database behind
    assert lines(r"^throughput: \d+ notifications, [\d,]+/s sustained", output), output
    assert lines(r"^latency at the offered rate: \d+ notifications, p50 \d+ ms, p99 \d+ ms", output)
    assert lines(r"^bare dramatiq no-op .*: [\d,]+ messages/s; ReliefHub / no-op = [\d.]+$", output)
    assert scratch_databases_left(postgres_server, output) == []


@pytest.mark.postgres
def test_the_api_bench_quick_mode_prints_each_workload_beside_postgraphile(
    postgres_server: str,
) -> None:
    # given PostgreSQL, and Node.js with npm for PostGraphile where the machine has them
    with_node = shutil.which("node") is not None and shutil.which("npm") is not None
    # when its quick mode runs
    output = run_quick("bench.bench_api", postgres_server)
    # then every workload has its row: ReliefHub's figures, and PostGraphile's with the
    # ratio, or a plain word that PostGraphile was skipped
    theirs = r"[\d.]+x" if with_node else "—"
    assert lines(r"^each server runs \d+ process\(es\) on its port$", output), output
    for workload in ("W1", "W2", "W3", "W4"):
        assert lines(rf"^{workload} .*\s[\d.]+ \|.*\| +{theirs} \| +\d+$", output), output
    assert lines(r"^W2 at [\d.]+ req/s, reliefhub serve *: p50 +[\d.]+ ms", output), output
    if with_node:
        assert lines(r"^W2 at [\d.]+ req/s, postgraphile *: p50 +[\d.]+ ms", output), output
    else:
        assert lines(r"^PostGraphile SKIPPED: ", output), output
    # and left no scratch database behind
    assert scratch_databases_left(postgres_server, output) == []
