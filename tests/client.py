"""A small GraphQL client for the tests, and the steps most stories start with."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import httpx
from stdnum.cn import uscc

from domain.kernel.db.engine import Database
from domain.registry.accounts import bootstrap_admin_token

_serial = itertools.count(1)


def valid_uscc(seed: int | None = None) -> str:
    """A USCC with a correct check character (python-stdnum), distinct for each seed."""
    seed = next(_serial) if seed is None else seed
    body = f"5134150{seed:010d}"[:17]
    return body + uscc.calc_check_digit(body)


@dataclass
class ApiClient:
    http: httpx.AsyncClient
    db: Database

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> httpx.Response:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The `data` of a successful response; fails the test on GraphQL errors."""
        response = await self.post(query, variables, token)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    async def admin_token(self) -> str:
        async with self.db.transaction() as session:
            return await bootstrap_admin_token(session)

    async def mutate(
        self, name: str, document: str, input: dict[str, Any], token: str | None = None
    ) -> dict[str, Any]:
        """Run a mutation document and return its payload."""
        return (await self.gql(document, {"input": input}, token))[name]  # type: ignore[no-any-return]
