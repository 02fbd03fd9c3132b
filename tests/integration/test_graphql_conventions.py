"""Point 9: Relay nodes, cursor connections, one-input mutations with userErrors, query
limits, masked errors outside development, and every contract document exercised."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from sqlalchemy import select

from api.app import create_app
from api.kernel.ids import to_global_id
from api.schema import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, export_sdl
from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from domain.registry.model import ApiToken
from reliefhub.operations import operation_files
from tests.client import ApiClient
from tests.integration.documents import (
    ASSIGNMENTS,
    CONSOLE,
    DISPATCH,
    LOOP,
    MATCHING,
    PARTNERS,
    PEOPLE,
    REGISTRY,
    VOLUNTEERS,
)
from tests.steps.registry import (
    create_office,
    register_organization,
    register_volunteer,
    sign_in,
    verified_organization,
)

TESTS = Path(__file__).resolve().parents[1]


SCHEMA = graphql.build_schema(export_sdl())


def _object(type_: Any) -> graphql.GraphQLObjectType:
    named = graphql.get_named_type(type_)
    assert isinstance(named, graphql.GraphQLObjectType), named
    return named


def test_every_mutation_takes_one_input_and_answers_with_user_errors() -> None:
    assert SCHEMA.mutation_type is not None
    error_types = set()
    for name, field in SCHEMA.mutation_type.fields.items():
        # one argument named input (signOut needs none), and a <Mutation>Payload with
        # userErrors of its feature's error type
        assert set(field.args) <= {"input"}, name
        if field.args:
            assert str(field.args["input"].type) == f"{name[0].upper()}{name[1:]}Input!", name
        assert str(field.type) == f"{name[0].upper()}{name[1:]}Payload!", name
        listed = str(_object(field.type).fields["userErrors"].type)
        assert re.fullmatch(r"\[(\w+Error)!\]!", listed), (name, listed)
        error_types.add(listed[1:-3])
    # each error type reads the same: the field path, a message, its own code enum
    assert len(error_types) > 1
    for error_type in error_types:
        fields = _object(SCHEMA.get_type(error_type)).fields
        assert {n: str(f.type) for n, f in fields.items()} == {
            "field": "[String!]",
            "message": "String!",
            "code": f"{error_type}Code!",
        }


def test_every_list_is_a_cursor_connection() -> None:
    assert SCHEMA.query_type is not None
    fields = SCHEMA.query_type.fields
    connections = {n: f for n, f in fields.items() if str(f.type).endswith("Connection!")}
    assert {"organizations", "volunteers", "offices", "auditLog", "apiTokens"} <= set(connections)
    for name, field in connections.items():
        assert {"first", "after"} <= set(field.args), name
        assert {"totalCount", "pageInfo", "edges"} <= set(_object(field.type).fields), name
    page_info = _object(SCHEMA.get_type("PageInfo"))
    assert {"hasNextPage", "endCursor"} <= set(page_info.fields)


# Each documented operations file, by the name tests look its documents up with.
CONTRACTS = {
    "registry": ("REGISTRY", REGISTRY),
    "matching": ("MATCHING", MATCHING),
    "dispatch": ("DISPATCH", DISPATCH),
    "loop": ("LOOP", LOOP),
    "partners": ("PARTNERS", PARTNERS),
    "console": ("CONSOLE", CONSOLE),
    "assignments": ("ASSIGNMENTS", ASSIGNMENTS),
    "people": ("PEOPLE", PEOPLE),
    "volunteer_profiles": ("VOLUNTEERS", VOLUNTEERS),
}


def test_every_contract_file_is_checked_for_use() -> None:
    # then a new operations file cannot escape the check below
    assert set(CONTRACTS) == {path.stem for path in operation_files()}


@pytest.mark.parametrize(("name", "operations"), list(CONTRACTS.values()))
def test_every_contract_operation_is_exercised_by_a_test(
    name: str, operations: dict[str, str]
) -> None:
    # given the text of every test module
    sources = "\n".join(p.read_text() for p in TESTS.rglob("*.py"))

    # then each operation of each contract file is sent by at least one of them: looked up
    # by name, or (where a module spreads the documents into its own table and sends them
    # by field name, as `call(api, "cancelNeed", ...)` does) named as that field
    used = set(re.findall(rf'{name}\["(\w+)"\]', sources))
    if f"**{name}" in sources:
        used |= {op for op in operations if f'"{op[0].lower()}{op[1:]}"' in sources}
    assert set(operations) <= used, sorted(set(operations) - used)


async def test_regions_lists_provinces_and_children(api: ApiClient) -> None:
    # when
    provinces = (await api.gql(REGISTRY["Regions"], {"parentCode": None}))["regions"]
    hubei = (await api.gql(REGISTRY["Regions"], {"parentCode": "420000"}))["regions"]
    luan = (await api.gql(REGISTRY["Regions"], {"parentCode": "341500"}))["regions"]
    unknown = (await api.gql(REGISTRY["Regions"], {"parentCode": "999999"}))["regions"]

    # then
    assert len(provinces) == 34
    assert {"code": "340000", "name": "安徽省", "level": "PROVINCE"} in provinces
    assert {"code": "429004", "name": "仙桃市", "level": "COUNTY"} in hubei
    assert {"code": "341503", "name": "裕安区", "level": "COUNTY"} in luan
    assert unknown == []


async def test_regions_are_found_by_what_a_person_types(api: ApiClient) -> None:
    # given a county's name, its initials inside a prefecture, and junk / when searching
    search = REGISTRY["PlaceSearch"]
    by_name = (await api.gql(search, {"search": "六安 霍邱"}))["regions"]
    inside = (await api.gql(search, {"search": "hq", "parentCode": "341500"}))["regions"]
    capped = (await api.gql(search, {"search": "区", "first": 500}))["regions"]
    nothing = (await api.gql(search, {"search": "不存在的地方"}))["regions"]

    # then the county comes with the address it reads as, and the cap holds
    county = {"code": "341522", "name": "霍邱县", "level": "COUNTY"}
    county["fullName"] = "安徽省六安市霍邱县"
    assert by_name == [county]
    assert inside == [county]
    assert len(capped) == 50
    assert nothing == []


async def test_node_finds_every_registry_type_for_those_who_may_see_it(api: ApiClient) -> None:
    # given one entity of each type
    admin = await api.admin_token()
    office_id = await create_office(api, admin, "341500")
    verified = await verified_organization(api, admin, 1)
    organization_id, org_admin = verified.id, verified.token
    volunteer_id, volunteer = await register_volunteer(api)
    viewer = await api.gql(REGISTRY["Viewer"], token=org_admin)
    token = await api.mutate(
        "createApiToken", REGISTRY["CreateApiToken"], {"name": "p", "scopes": ["NEEDS"]}, admin
    )
    entries = await api.gql("{ auditLog(first: 1) { edges { node { id } } } }", token=admin)
    ids = {
        "Office": office_id,
        "Organization": organization_id,
        "Volunteer": volunteer_id,
        "Account": viewer["viewer"]["id"],
        "ApiToken": token["apiToken"]["id"],
        "AuditEntry": entries["auditLog"]["edges"][0]["node"]["id"],
    }

    # when ADMIN asks node() for each / then each comes back as its own type
    for type_name, global_id in ids.items():
        node = (await api.gql(REGISTRY["Node"], {"id": global_id}, admin))["node"]
        assert node == {"id": global_id, "__typename": type_name}

    # and others see only what is theirs; unknown ids are null
    for hidden in ("Account", "ApiToken", "AuditEntry"):
        assert (await api.gql(REGISTRY["Node"], {"id": ids[hidden]}, volunteer))["node"] is None
    assert (await api.gql(REGISTRY["Node"], {"id": volunteer_id}, org_admin))["node"] is None
    assert (await api.gql(REGISTRY["Node"], {"id": ids["Volunteer"]}, volunteer))["node"] == {
        "id": volunteer_id,
        "__typename": "Volunteer",
    }
    stranger = to_global_id("Organization", uuid.uuid4())
    assert (await api.gql(REGISTRY["Node"], {"id": stranger}, admin))["node"] is None


def _nested(depth: int) -> str:
    selection = "code"
    for level in range(depth - 1):
        selection = ("parent" if level % 2 else "children") + " { " + selection + " }"
    return '{ region(code: "341503") { ' + selection + " } }"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (_nested(MAX_DEPTH + 1), "exceeds maximum operation depth"),
        (
            "{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(MAX_ALIASES + 1)) + " }",
            "aliases found",
        ),
        ("{ regions { " + "code " * MAX_TOKENS + "} }", f"more than {MAX_TOKENS} tokens"),
    ],
)
async def test_abusive_queries_are_refused_before_they_run(
    api: ApiClient, query: str, message: str
) -> None:
    # when
    response = await api.post(query)

    # then it is refused as a GraphQL error, not a server error
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert message in body["errors"][0]["message"]


async def test_queries_within_the_limits_run(api: ApiClient) -> None:
    deep = await api.gql(_nested(MAX_DEPTH))
    aliased = await api.gql(
        "{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(MAX_ALIASES)) + " }"
    )

    assert deep["region"] is not None
    assert set(aliased.values()) == {None}


@pytest.fixture
async def unmigrated(tmp_path: Path) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    """Apps over an empty SQLite file: every read fails inside the server."""
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    databases, clients = [], {}
    for environment in ("development", "production"):
        databases.append(Database.from_url(url))
        app = create_app(Settings(database_url=url, environment=environment), databases[-1])
        transport = httpx.ASGITransport(app=app)
        clients[environment] = httpx.AsyncClient(transport=transport, base_url="http://rh.test")
    yield clients
    for client in clients.values():
        await client.aclose()
    for database in databases:
        await database.dispose()


async def test_unexpected_errors_are_masked_outside_development(
    unmigrated: dict[str, httpx.AsyncClient],
) -> None:
    # when a read fails unexpectedly (no tables), in production and in development
    query = {"query": REGISTRY["Organizations"], "variables": {}}
    production = (await unmigrated["production"].post("/graphql", json=query)).json()
    development = (await unmigrated["development"].post("/graphql", json=query)).json()

    # then production says nothing of the cause, development names it
    assert [e["message"] for e in production["errors"]] == ["Unexpected error."]
    assert "no such table" in development["errors"][0]["message"]


async def test_introspection_is_off_outside_development(
    unmigrated: dict[str, httpx.AsyncClient],
) -> None:
    query = {"query": "{ __schema { queryType { name } } }"}

    production = (await unmigrated["production"].post("/graphql", json=query)).json()
    development = (await unmigrated["development"].post("/graphql", json=query)).json()

    assert "introspection has been disabled" in production["errors"][0]["message"]
    assert development == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_bearer_tokens_are_stored_hashed(api: ApiClient) -> None:
    # given an organization admin who signed in
    await register_organization(api, 1)
    token = await sign_in(api, "captain1@example.org")

    # then the database holds only SHA-256 digests, never the token
    async with api.db.transaction() as session:
        hashes = (await session.scalars(select(ApiToken.token_hash))).all()
    assert len(hashes) == 2
    assert token not in hashes
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
