"""Health and metrics in production mode, as real processes: `reliefhub serve` with REDIS_URL
on a private redis-server, a `reliefhub worker`, PostgreSQL. Probes, metrics and JSON
logs are read as Kubernetes, Prometheus and a log collector would read them."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import require_service
from tests.faults.processes import Production, eventually, production_mode, redis_available
from tests.steps.registry import approve_naming_the_request, office_with_staff, pending_organization

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

SECRET_KEY = "G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE="
REQUEST_ID = "ops-e2e-5d1c-review"


@pytest.fixture
async def production(postgres_url: str, tmp_path: Path) -> AsyncIterator[Production]:
    require_service("redis-server", redis_available())
    async with production_mode(postgres_url, tmp_path, SECRET_KEY, threads=4) as running:
        yield running


def json_lines(log: str) -> list[dict[str, Any]]:
    """Every line of a process's output, each of which must be a JSON object."""
    return [json.loads(line) for line in log.splitlines() if line.strip()]


async def test_a_request_id_is_followed_from_the_api_into_the_worker_process(
    production: Production,
) -> None:
    api = production.api
    # given a pending organization, its office, and a worker running
    admin = await production.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    organization = await pending_organization(
        api, 51, "341503", name="裕安区蓝天救援队", kind="CHARITY"
    )
    worker = production.start_worker()

    # when the office approves it, naming its request
    response = await approve_naming_the_request(api, office.token, organization, REQUEST_ID)
    assert response.headers["x-request-id"] == REQUEST_ID

    # then the worker process logs its handling of the event under that id, as JSON
    async def worker_logged_it() -> bool:
        return any(
            line.get("request_id") == REQUEST_ID and line["logger"] == "workers.actors"
            for line in json_lines(worker.log())
        )

    await eventually(worker_logged_it, 60, "a worker log line with the request id")
    await eventually(production.quiescent, 60, "the review's notifications sent")
    # and the API's own lines are JSON too, its access line for the request carrying the id
    serve = json_lines(production.serve.log())
    assert any(
        line.get("request_id") == REQUEST_ID and line["logger"] == "uvicorn.access"
        for line in serve
    ), serve[-5:]

    # and the API's /metrics tells the worker's outcome, read from the database
    scraped = await api.http.get("/metrics")
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(scraped.text)
        for s in family.samples
    }
    assert samples[("reliefhub_notifications", (("channel", "INBOX"), ("status", "SENT")))] >= 1
    review = (("operation", "ReviewOrganization"), ("outcome", "ok"), ("type", "mutation"))
    assert samples[("reliefhub_graphql_requests_total", review)] == 1


async def test_readyz_follows_redis_down_and_back(production: Production) -> None:
    api = production.api
    # given the API with its Redis up
    ready = await api.http.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}
    # when Redis stops
    await asyncio.to_thread(production.redis.stop)
    down = await api.http.get("/readyz")
    # then the pod is unready, naming Redis, and still alive
    assert down.status_code == 503
    assert down.json()["checks"]["redis"].startswith("unreachable")
    assert (await api.http.get("/healthz")).status_code == 200
    # when it is back, so is readiness
    await asyncio.to_thread(production.redis.start)
    assert (await api.http.get("/readyz")).status_code == 200


def server_processes(parent: int) -> list[int]:
    """The children of `reliefhub serve` that serve requests (not multiprocessing's tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue  # it exited while we looked
        parent_pid = int(stat.rsplit(")", 1)[1].split()[1])
        if parent_pid == parent and "spawn_main" in command:
            found.append(int(entry.name))
    return found


async def test_production_serves_from_one_process_per_cpu_and_counts_them_all(
    production: Production,
) -> None:
    api = production.api
    # given `reliefhub serve` started in production mode with no --workers
    cpus = os.cpu_count() or 1

    async def every_process_started() -> bool:
        return len(server_processes(production.serve.pid)) == cpus

    # then it runs one server process per CPU on the one port
    await eventually(every_process_started, 60, f"{cpus} server processes")

    # when twenty queries arrive, whichever process takes each
    for _ in range(20):
        answered = await api.http.post(
            "/graphql", json={"query": "query Twenty { __typename }", "operationName": "Twenty"}
        )
        assert answered.status_code == 200, answered.text

    # then /metrics counts all twenty, whichever process answers the scrape
    scraped = await api.http.get("/metrics")
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(scraped.text)
        for s in family.samples
    }
    twenty = (("operation", "Twenty"), ("outcome", "ok"), ("type", "query"))
    assert samples[("reliefhub_graphql_requests_total", twenty)] == 20
