"""Query cost at the edge: a per-request ceiling, and a per-caller budget of cost points a
minute, in memory (embedded) or in Redis (production), failing open when Redis is down."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import require_service
from tests.faults.processes import RedisServer, redis_available
from tests.support.edge import edge_client

# 1 + 10 × (edge + node) = 21 points
PAGE_OF_TEN = "{ organizations(first: 10) { edges { node { name } } } }"
CHEAP = '{ region(code: "340000") { code } }'  # 1 point


async def points(client: httpx.AsyncClient, query: str) -> httpx.Response:
    return await client.post("/graphql", json={"query": query})


async def test_an_operation_above_the_ceiling_is_refused_before_it_runs(sqlite_url: str) -> None:
    async with edge_client(sqlite_url, query_cost_limit=100) as client:
        # given a ceiling of 100 points / when a query costs 1 + 100 × 2 = 201
        response = await points(client, "{ organizations(first: 100) { edges { node { name } } } }")
        # then it is a clear GraphQL error naming both numbers, and nothing ran or was charged
        body = response.json()
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 201, "limit": 100}
        assert "201" in error["message"] and "100" in error["message"]
        assert "x-ratelimit-remaining" not in response.headers
        # and one under the ceiling runs
        assert "errors" not in (await points(client, PAGE_OF_TEN)).json()


async def test_each_answer_tells_the_budget_left(sqlite_url: str) -> None:
    async with edge_client(sqlite_url, cost_points_per_minute=1000) as client:
        # when two queries of 21 points run
        first = await points(client, PAGE_OF_TEN)
        second = await points(client, PAGE_OF_TEN)
        # then the headers count down from the minute's budget
        assert first.headers["x-ratelimit-limit"] == "1000"
        assert first.headers["x-ratelimit-remaining"] == "979"
        assert second.headers["x-ratelimit-remaining"] == "958"
        assert 0 < int(second.headers["x-ratelimit-reset"]) - time.time() <= 61


async def test_an_exhausted_budget_is_429_until_the_window_resets(sqlite_url: str) -> None:
    async with edge_client(sqlite_url, cost_points_per_minute=50) as client:
        # given two queries of 21 points spent (8 left)
        for _ in range(2):
            assert (await points(client, PAGE_OF_TEN)).status_code == 200
        # when a third would overdraw the budget
        refused = await points(client, PAGE_OF_TEN)
        # then 429, a GraphQL error saying so, and when to retry
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert refused.json()["data"] is None
        assert refused.headers["x-ratelimit-remaining"] == "8"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        # and the refusal took nothing: a 1-point query still fits
        cheap = await points(client, CHEAP)
        assert cheap.status_code == 200
        assert cheap.headers["x-ratelimit-remaining"] == "7"


async def test_each_caller_has_its_own_budget(sqlite_url: str) -> None:
    async with (
        edge_client(sqlite_url, cost_points_per_minute=30, client=("10.0.0.1", 1)) as one,
        edge_client(sqlite_url, cost_points_per_minute=30, client=("10.0.0.2", 1)) as other,
    ):
        assert (await points(one, PAGE_OF_TEN)).status_code == 200
        assert (await points(one, PAGE_OF_TEN)).status_code == 429
        # the app instances differ, but memory budgets are per address anyway
        assert (await points(other, PAGE_OF_TEN)).status_code == 200


async def test_replicas_share_the_budget_in_redis_and_fail_open_without_it(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    require_service("redis-server", redis_available())
    with RedisServer(tmp_path) as redis:
        production = {"environment": "production", "redis_url": redis.url}
        async with (
            edge_client(sqlite_url, cost_points_per_minute=50, **production) as replica_a,
            edge_client(sqlite_url, cost_points_per_minute=50, **production) as replica_b,
        ):
            # given two replicas on one Redis / when each spends 21 points
            assert (await points(replica_a, PAGE_OF_TEN)).status_code == 200
            second = await points(replica_b, PAGE_OF_TEN)
            # then the second replica saw the first's spending
            assert second.headers["x-ratelimit-remaining"] == "8"
            assert (await points(replica_a, PAGE_OF_TEN)).status_code == 429

            # when Redis goes down
            redis.stop()
            with caplog.at_level(logging.WARNING, logger="api.server.rate_limits"):
                answers = [await points(replica_b, PAGE_OF_TEN) for _ in range(3)]
            # then requests are served, unlimited, and the operators are warned
            assert [a.status_code for a in answers] == [200, 200, 200]
            assert all("errors" not in a.json() for a in answers)
            assert any("not enforced" in r.getMessage() for r in caplog.records)
