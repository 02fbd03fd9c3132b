"""SQL statements per ReliefHub request, counted: each workload's request run once in-process."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event

from api.app import create_app
from bench.common import SECRET_KEY
from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings


async def statements_per_request(
    database_url: str, plan: dict[str, tuple[Any, Any]]
) -> dict[str, str]:
    """Workload name -> statements its ReliefHub request sent (the engine's cursor events)."""
    db = Database.from_url(database_url)
    settings = Settings(
        database_url=database_url,
        environment="production",
        secret_key=SECRET_KEY,
        query_cost_limit=1_000_000,
        cost_points_per_minute=1_000_000_000,
    )
    app = create_app(settings, db)
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    counts = {}
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for name, (traffic, _postgraphile) in plan.items():
                query, variables = traffic.request(0)
                event.listen(db.engine.sync_engine, "before_cursor_execute", record)
                try:
                    response = await client.post(
                        "/graphql", json={"query": query, "variables": variables}
                    )
                finally:
                    event.remove(db.engine.sync_engine, "before_cursor_execute", record)
                problem = traffic.answer(0, response.json())
                counts[name] = str(len(statements)) if problem is None else "error"
                statements.clear()
    finally:
        await db.dispose()
    return counts
