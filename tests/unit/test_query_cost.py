"""Query cost: objects 1, connections `first` times their items, fragments and variables
resolved, as GitHub and Shopify count."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema, parse

from api.schema import build_schema
from api.server.cost import PRICELESS, operation_cost
from domain.kernel.pagination import DEFAULT_PAGE, MAX_PAGE

SCHEMA: GraphQLSchema = build_schema()._schema


def cost(document: str, variables: dict[str, Any] | None = None, name: str | None = None) -> int:
    return operation_cost(SCHEMA, parse(document), variables, name)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("{ __typename }", 0),
        ('{ region(code: "340000") { code name } }', 1),
        ('{ region(code: "340000") { code parent { code } } }', 2),
        # a connection: 1, plus `first` items of edge + node
        ("{ organizations(first: 10) { totalCount edges { node { name } } } }", 1 + 10 * 2),
        # no `first`: the server's default page
        ("{ organizations { edges { node { name } } } }", 1 + DEFAULT_PAGE * 2),
        # a `first` above the cap (refused by the server) is charged at the cap
        ("{ organizations(first: 5000) { edges { node { name } } } }", 1 + MAX_PAGE * 2),
        # objects inside the items count per item
        ("{ organizations(first: 3) { edges { node { region { code } } } } }", 1 + 3 * 3),
    ],
)
def test_objects_cost_one_and_connections_their_first_times_their_items(
    document: str, expected: int
) -> None:
    # given a document / when it is priced / then
    assert cost(document) == expected


def test_variables_and_their_defaults_decide_the_page_size() -> None:
    # given one document whose `first` is a variable with a default
    document = """query Q($n: Int = 4) {
        organizations(first: $n) { edges { node { name } } } }"""
    # when priced without and with the variable / then
    assert cost(document) == 1 + 4 * 2
    assert cost(document, {"n": 50}) == 1 + 50 * 2
    assert cost(document, {"n": None}) == 1 + DEFAULT_PAGE * 2


def test_fragments_count_where_they_are_spread() -> None:
    # given the same selection as a named and as an inline fragment, spread twice
    document = """
      query { a: organizations(first: 2) { ...Page } b: organizations(first: 3) { ...Page } }
      fragment Page on OrganizationConnection {
        edges { node { ... on Organization { region { code } } } } }
    """
    # when priced / then each spread counts with its own page size
    assert cost(document) == (1 + 2 * 3) + (1 + 3 * 3)


def test_only_the_operation_to_run_is_priced() -> None:
    document = """query Cheap { __typename }
                  query Dear { organizations(first: 50) { edges { node { name } } } }"""
    assert cost(document, name="Cheap") == 0
    assert cost(document, name="Dear") == 1 + 50 * 2


def test_a_fragment_bomb_prices_quickly_and_enormously() -> None:
    # given fragments each spreading the next twice, 30 levels: 2^30 regions when run
    levels = 30
    fragments = [
        f"fragment F{i} on Region {{ parent {{ ...F{i + 1} }} p{i}: parent {{ ...F{i + 1} }} }}"
        for i in range(levels)
    ]
    fragments.append(f"fragment F{levels} on Region {{ code }}")
    document = '{ region(code: "340000") { ...F0 } }\n' + "\n".join(fragments)
    # when priced (memoized per fragment, so this returns at once) / then
    assert cost(document) >= 2**30


def test_nesting_beyond_any_legitimate_depth_is_priceless() -> None:
    document = '{ region(code: "340000") ' + "{ parent " * 100 + "{ code }" + " }" * 101
    assert cost(document) >= PRICELESS
