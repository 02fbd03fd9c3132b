"""Every mutation as every role: allowed or refused as the policy says, and when refused,
nothing written. The rows come from the schema: a mutation without a policy row fails."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.security.conftest import snapshot
from tests.security.mutation_policy import Row, rows
from tests.security.mutation_targets import TARGETS
from tests.security.report_tables import write_table
from tests.security.world import ALL_SCOPES, PARTNER_ROLES, ROLES, World, mutation_fields

REFUSALS = ("UNAUTHENTICATED", "FORBIDDEN", "OUT_OF_JURISDICTION", "NOT_FOUND")
# Mutations that spend the token they come with: each cell signs in afresh.
SPENDS_TOKEN = {"signOut"}
POLICY = rows()
RESULTS: dict[str, dict[str, dict[str, str]]] = {}


def test_every_mutation_of_the_schema_has_a_policy_row() -> None:
    # given the schema's mutations and the policy's rows
    in_schema = set(mutation_fields())
    in_policy = {row.mutation for row in POLICY}
    # then each has the other, and each row knows how to make its target
    assert in_schema - in_policy == set(), "mutations without a row in mutation_policy.py"
    assert in_policy - in_schema == set(), "policy rows for mutations the schema lacks"
    assert {row.key for row in POLICY} == set(TARGETS)


async def _token(world: World, row: Row, role: str) -> str | None:
    if role == "ANONYMOUS":
        return None
    fresh = row.mutation in SPENDS_TOKEN
    if role in PARTNER_ROLES:
        if row.scope is None:
            # No scope needed: "with" holds every scope, "without" holds one unrelated one.
            scopes = ALL_SCOPES if role == "PARTNER_SCOPED" else frozenset({"DISPATCH"})
        elif role == "PARTNER_SCOPED":
            scopes = frozenset({row.scope})
        else:
            scopes = ALL_SCOPES - {row.scope}
        return await world.partner(row.actor, scopes, fresh=fresh)
    return await world.fresh_token(role) if fresh else world.tokens[role]


def _outcome(payload: dict[str, Any]) -> str:
    found = [error["code"] for error in payload["userErrors"]]
    if not found:
        return "ok"
    refusals = [code for code in found if code in REFUSALS]
    return refusals[0] if refusals else "+".join(found)


def _report(world: World) -> None:
    table = []
    for database, by_row in sorted(RESULTS.items()):
        cells = Counter(o == "ok" for outcomes in by_row.values() for o in outcomes.values())
        mismatches = sum(
            outcome != row.expected[role]
            for row in POLICY
            for role, outcome in by_row.get(row.key, {}).items()
        )
        table.append(
            [
                database,
                len(by_row),
                len(ROLES),
                cells[True] + cells[False],
                cells[True],
                cells[False],
                mismatches,
            ]
        )
    write_table(
        "mutation_matrix",
        "Mutation permission matrix (mutations x roles)",
        ["database", "mutation rows", "roles", "cells", "allowed", "refused", "mismatches"],
        table,
    )


@pytest.mark.parametrize("row", POLICY, ids=[row.key for row in POLICY])
async def test_mutation_as_every_role(world: World, row: Row) -> None:
    outcomes: dict[str, str] = {}
    unchanged: dict[str, bool] = {}
    target = await TARGETS[row.key](world)
    for role in ROLES:
        # given the row's target, fresh unless an earlier cell refused (and so left it as it was)
        token = await _token(world, row, role)
        before = await snapshot(world.api.db)
        # when the role runs the mutation
        payload = await world.run(row.mutation, target, token)
        outcomes[role] = _outcome(payload)
        # then a refusal wrote nothing (and the snapshot does see what an allowed one wrote)
        unchanged[role] = await snapshot(world.api.db) == before
        if outcomes[role] == "ok":
            target = await TARGETS[row.key](world)
    RESULTS.setdefault(world.database, {})[row.key] = outcomes
    _report(world)
    assert outcomes == row.expected
    assert [role for role in ROLES if unchanged[role] != (outcomes[role] != "ok")] == []
