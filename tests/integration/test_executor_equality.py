"""Both executors give the same answers: every query among the documented partner
operations, as six roles, on the demonstration's data, sent once through the executor
every request runs (its short ways and look-ahead) and once through graphql-core's
plain executor, compared whole, data and errors."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, OperationType, parse
from sqlalchemy import select

from api.app import create_app
from api.server.execution import PlainExecutionContext, ReliefHubExecutionContext
from domain.helprequests.model import HelpRequest
from domain.incidents.model import Incident
from domain.kernel.db.engine import Database
from domain.kernel.global_ids import to_global_id
from domain.kernel.settings import Settings
from domain.matching.records import MatchingRound
from domain.needs.model import Need
from domain.people.model import Person
from reliefhub import demo_data
from reliefhub.demo import load_demo
from reliefhub.demo_loop import sign_in_as
from reliefhub.demo_people_data import HOTLINE_EMAIL
from reliefhub.operations import operation_files

pytestmark = pytest.mark.e2e


def _queries() -> dict[str, str]:
    """Every documented query, by name (mutations write, subscriptions stream)."""
    found: dict[str, str] = {}
    for path in operation_files():
        text = path.read_text(encoding="utf-8")
        for definition in parse(text).definitions:
            if (
                isinstance(definition, OperationDefinitionNode)
                and definition.operation is OperationType.QUERY
                and definition.name
            ):
                found[definition.name.value] = text
    return found


async def _first(db: Database, model: Any) -> uuid.UUID:
    async with db.transaction() as session:
        row = await session.scalar(select(model.id).order_by(model.created_at).limit(1))
    assert row is not None, model
    return uuid.UUID(str(row))


async def _variables(db: Database) -> dict[str, dict[str, Any]]:
    """What each query needs to find something in the demonstration."""
    incident = to_global_id("Incident", await _first(db, Incident))
    need = to_global_id("Need", await _first(db, Need))
    person = to_global_id("Person", await _first(db, Person))
    async with db.transaction() as session:
        reference = await session.scalar(select(HelpRequest.reference).limit(1))
    by_id = {
        "NeedStanding": need,
        "Node": need,
        "IncidentGaps": incident,
        "IncidentCoverage": incident,
        "VisitCoverage": incident,
        "MatchingRound": to_global_id("MatchingRound", await _first(db, MatchingRound)),
        "PersonRecord": person,
        "PersonHistory": person,
    }
    variables: dict[str, dict[str, Any]] = {name: {"id": v} for name, v in by_id.items()}
    variables["EscalatedNeeds"] = {"regionCode": "341500"}
    variables["PeopleCounts"] = {"regionCode": "341500"}
    variables["PlaceSearch"] = {"search": "霍邱"}
    variables["VolunteerHours"] = {"filter": {"incidentId": incident}}
    # The phone is not the caller's: the answer is the same refusal either way.
    variables["HelpRequestProgress"] = {"reference": reference, "phone": "13800000000"}
    for listing in ("Needs", "Offers", "Dispatches", "Visits", "HelpRequests"):
        variables[listing] = {"filter": {"incidentId": incident}, "first": 50}
    return variables


async def test_every_partner_query_answers_the_same_through_both_executors(
    db: Database,
) -> None:
    # given the demonstration, and its people signed in as six roles (one of them nobody)
    report = await load_demo(db)
    async with db.transaction() as session:
        volunteer = (await sign_in_as(session, demo_data.VOLUNTEERS[0].email))[1]
        hotline = (await sign_in_as(session, HOTLINE_EMAIL))[1]
    tokens = {
        "anonymous": None,
        "admin": report.tokens["ADMIN"],
        "office": report.tokens[demo_data.OFFICES[0].email],
        "organization": report.tokens[demo_data.ORGANIZATIONS[0].email],
        "volunteer": volunteer,
        "hotline": hotline,
    }
    # and the app with its limits out of the way (every query is sent twice per role)
    settings = Settings(
        database_url=db.url,
        environment="test",
        cost_points_per_minute=10**9,
        query_cost_limit=10**6,
    )
    app = create_app(settings, db)
    schema = app.state.graphql.schema
    queries, variables = _queries(), await _variables(db)
    transport = httpx.ASGITransport(app=app)
    compared = 0
    async with httpx.AsyncClient(transport=transport, base_url="http://reliefhub.test") as http:

        async def send(name: str, token: str | None) -> Any:
            headers = {"authorization": f"Bearer {token}"} if token else {}
            body = {"query": queries[name], "operationName": name}
            body["variables"] = variables.get(name, {})
            response = await http.post("/graphql", json=body, headers=headers)
            return response.status_code, response.json()

        for name in queries:
            for role, token in tokens.items():
                # when the query is sent through the executor requests run...
                schema.execution_context_class = ReliefHubExecutionContext
                fast = await send(name, token)
                # ...and through the plain one
                schema.execution_context_class = PlainExecutionContext
                try:
                    plain = await send(name, token)
                finally:
                    schema.execution_context_class = ReliefHubExecutionContext

                # then the two answers are the same, to every value and every error
                assert fast == plain, (name, role)
                compared += 1

    # and every query was compared, most of them finding data for some role
    assert compared == len(queries) * len(tokens)
    assert len(queries) >= 40
