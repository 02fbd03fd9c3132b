"""/readyz tells what is unreachable, /metrics what the service did."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from domain.kernel.db.engine import Database
from domain.kernel.live import MemoryBus
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.conftest import require_service
from tests.integration.documents import MATCHING
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import flood_incident
from workers.embedded import EmbeddedWorkers

# Nothing listens on port 1: connecting is refused at once.
REDIS_DOWN = "redis://127.0.0.1:1/0"


@asynccontextmanager
async def client_for(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, db, live=MemoryBus())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://reliefhub.test"
    ) as client:
        yield client


@asynccontextmanager
async def app_on(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app on a database of its own (not the fixtures' migrated one)."""
    db = Database.from_url(database_url)
    try:
        async with client_for(Settings(database_url=db.url), db) as client:
            yield client
    finally:
        await db.dispose()


async def scrape(api: ApiClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """The /metrics samples by (sample name, sorted labels), parsed as Prometheus does."""
    response = await api.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


async def test_readyz_is_ready_when_the_migrated_database_answers(api: ApiClient) -> None:
    # given the app on a migrated database and no Redis configured
    # when the kubelet probes readiness and liveness
    ready = await api.http.get("/readyz")
    alive = await api.http.get("/healthz")
    # then both pass, and readiness says what it checked
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready", "checks": {"database": "ok"}}
    assert alive.status_code == 200


async def test_readyz_is_503_naming_redis_when_redis_is_down(db: Database) -> None:
    # given REDIS_URL pointing where no Redis listens
    settings = Settings(database_url=db.url, redis_url=REDIS_DOWN, environment="test")
    async with client_for(settings, db) as client:
        # when probed
        response = await client.get("/readyz")
    # then it is unavailable, the database fine and Redis named as the culprit
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["redis"].startswith("unreachable")


async def test_readyz_checks_a_real_redis_when_configured(db: Database) -> None:
    url = os.environ.get("REDIS_URL")
    require_service("Redis (REDIS_URL)", bool(url))
    # given a reachable Redis
    async with client_for(Settings(database_url=db.url, redis_url=url), db) as client:
        # when probed / then both peers are fine
        response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_readyz_is_503_until_the_migration_job_has_run(tmp_path: Path) -> None:
    # given an empty SQLite database that no one migrated
    async with app_on(f"sqlite:///{tmp_path / 'empty.sqlite3'}") as client:
        # when probed
        ready = await client.get("/readyz")
        alive = await client.get("/healthz")
    # then the pod is alive but kept out of the Service
    assert alive.status_code == 200
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"].startswith("schema not migrated")


async def test_readyz_is_503_naming_the_database_when_it_does_not_answer() -> None:
    # given a DATABASE_URL where no PostgreSQL listens
    async with app_on("postgresql://reliefhub@127.0.0.1:1/reliefhub") as client:
        # when probed and scraped
        ready = await client.get("/readyz")
        scraped = await client.get("/metrics")
    # then readiness names the database, and metrics still answer, saying it is down
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"].startswith("unreachable")
    assert scraped.status_code == 200
    assert "reliefhub_database_up 0.0" in scraped.text


async def test_metrics_count_and_time_graphql_operations_by_name(api: ApiClient) -> None:
    # given the counts before
    key = (("operation", "MetricsProbe"), ("outcome", "ok"), ("type", "query"))
    before = (await scrape(api)).get(("reliefhub_graphql_requests_total", key), 0.0)
    # when a client runs a named query twice and a broken one once
    for _ in range(2):
        await api.gql("query MetricsProbe { __typename }")
    await api.post("query MetricsBroken { noSuchField }")
    # then the counter grew by two, the duration histogram saw them, the error is counted
    after = await scrape(api)
    assert after[("reliefhub_graphql_requests_total", key)] == before + 2
    timed = (("operation", "MetricsProbe"), ("type", "query"))
    assert after[("reliefhub_graphql_request_duration_seconds_count", timed)] >= 2
    broken = (("operation", "MetricsBroken"), ("outcome", "error"), ("type", "query"))
    assert after[("reliefhub_graphql_requests_total", broken)] >= 1
    assert after[("reliefhub_database_up", ())] == 1


async def test_metrics_report_outbox_notifications_and_matching_rounds(
    api: ApiClient, workers: EmbeddedWorkers
) -> None:
    # given an office, an incident, a verified charity: events waiting in the outbox
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await verified_organization(
        api, office.token, 31, "341502", name="六安红十字会", kind="CHARITY"
    )
    waiting = await scrape(api)
    assert waiting[("reliefhub_outbox_backlog", (("state", "pending"),))] >= 1

    # when the workers deliver them and run a matching round
    started = await api.mutate(
        "runMatching", MATCHING["RunMatching"], {"incidentId": incident}, office.token
    )
    assert started["userErrors"] == [], started
    await workers.drain()
    metrics = await scrape(api)

    # then the backlog is empty, the inbox notifications are counted as sent
    assert metrics[("reliefhub_outbox_backlog", (("state", "pending"),))] == 0
    assert metrics[("reliefhub_outbox_backlog", (("state", "in_flight"),))] == 0
    assert metrics[("reliefhub_outbox_oldest_pending_age_seconds", ())] == 0
    inbox_sent = (("channel", "INBOX"), ("status", "SENT"))
    assert metrics[("reliefhub_notifications", inbox_sent)] >= 1
    assert metrics[("reliefhub_notifications", (("channel", "SMS"), ("status", "DEAD")))] == 0
    # and the round is in the duration histogram, every bucket up to +Inf holding it
    assert metrics[("reliefhub_matching_rounds", (("status", "FINISHED"),))] == 1
    assert metrics[("reliefhub_matching_round_duration_seconds_count", ())] == 1
    assert metrics[("reliefhub_matching_round_duration_seconds_bucket", (("le", "+Inf"),))] == 1
    assert metrics[("reliefhub_matching_round_duration_seconds_bucket", (("le", "300.0"),))] == 1
    assert metrics[("reliefhub_matching_round_duration_seconds_sum", ())] >= 0
