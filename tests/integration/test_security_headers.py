"""Security headers on the portal and the API, and what production keeps to itself:
GraphiQL, introspection, field suggestions."""

from __future__ import annotations

import pytest

from api.server.security_headers import GRAPHIQL_CSP, PORTAL_CSP
from tests.support.edge import edge_client

HTML = {"accept": "text/html"}
UNKNOWN_FIELD = {"query": "{ organisations { totalCount } }"}  # British spelling
INTROSPECTION = {"query": "{ __schema { queryType { name } } }"}


def directives(policy: str) -> dict[str, str]:
    pairs = (d.strip().partition(" ") for d in policy.split(";"))
    return {name: value for name, _, value in pairs}


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("GET", "/static/js/app.js"), ("POST", "/graphql"), ("GET", "/healthz")],
)
async def test_every_response_carries_the_security_headers(
    sqlite_url: str, method: str, path: str
) -> None:
    async with edge_client(sqlite_url) as client:
        # when the portal, its scripts, the API or the health check answer
        response = await client.request(method, path, json={"query": "{ __typename }"})
        # then
        assert response.status_code == 200
        policy = directives(response.headers["content-security-policy"])
        assert policy["frame-ancestors"] == "'none'"
        assert policy["script-src"] == "'self'"  # no inline script, no other origin
        assert policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in response.headers  # plain HTTP


async def test_hsts_only_over_https_in_production(sqlite_url: str) -> None:
    async with edge_client(sqlite_url, base_url="https://reliefhub.test") as production:
        response = await production.get("/")
        assert response.headers["strict-transport-security"].startswith("max-age=")
    async with edge_client(
        sqlite_url, base_url="https://localhost", environment="development"
    ) as development:
        # HSTS in development would pin localhost to HTTPS for two years
        assert "strict-transport-security" not in (await development.get("/")).headers


async def test_development_serves_graphiql_under_its_own_policy(sqlite_url: str) -> None:
    async with edge_client(sqlite_url, environment="development") as client:
        # when GraphiQL is asked for in development
        response = await client.get("/graphql", headers=HTML)
        # then it comes, allowed its CDN; and the portal keeps the strict policy
        assert response.status_code == 200
        assert "graphiql" in response.text.lower()
        assert response.headers["content-security-policy"] == GRAPHIQL_CSP
        assert "https://unpkg.com" in directives(GRAPHIQL_CSP)["script-src"]
        assert (await client.get("/")).headers["content-security-policy"] == PORTAL_CSP


async def test_production_has_no_graphiql_introspection_or_suggestions(sqlite_url: str) -> None:
    async with edge_client(sqlite_url, environment="production") as client:
        # when GraphiQL, the schema and a misspelt field are asked for
        ide = await client.get("/graphql", headers=HTML)
        schema = (await client.post("/graphql", json=INTROSPECTION)).json()
        typo = (await client.post("/graphql", json=UNKNOWN_FIELD)).json()
        # then none of them tells anything about the schema
        assert ide.status_code == 404
        assert ide.headers["content-security-policy"] == PORTAL_CSP
        assert schema["data"] is None
        assert "introspection" in schema["errors"][0]["message"].lower()
        assert typo["errors"][0]["message"] == "Cannot query field 'organisations' on type 'Query'."


async def test_development_has_introspection_and_suggestions(sqlite_url: str) -> None:
    async with edge_client(sqlite_url, environment="development") as client:
        schema = (await client.post("/graphql", json=INTROSPECTION)).json()
        typo = (await client.post("/graphql", json=UNKNOWN_FIELD)).json()
        assert schema["data"] == {"__schema": {"queryType": {"name": "Query"}}}
        assert "Did you mean 'organizations'" in typo["errors"][0]["message"]
