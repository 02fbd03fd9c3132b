"""The partner README's tables say what the schema and its policy do: the scope table
names every mutation a partner token needs a scope for, under that scope (as the
permission matrix checks it), and the list of operation files names every operation of
each file."""

from __future__ import annotations

import re
from pathlib import Path

from reliefhub.operations import operation_files, partner_operations
from tests.security.mutation_policy import rows

README = Path(__file__).resolve().parents[2] / "docs" / "partners" / "README.md"
# No partner token makes tokens, whatever its scopes: the README says so beside the table.
NO_PARTNER = {"createApiToken"}


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:end]


def test_the_scope_table_names_each_mutation_under_the_scope_it_needs() -> None:
    # given the scope each mutation needs, from the permission matrix's policy
    needed: dict[str, set[str]] = {}
    for row in rows():
        if row.scope is not None and row.mutation not in NO_PARTNER:
            needed.setdefault(row.scope, set()).add(row.mutation)
    # and the README's table of scopes
    section = _section(README.read_text(encoding="utf-8"), "## Accounts, tokens and scopes")
    table = {
        scope: set(re.findall(r"`(\w+)`", allows))
        for scope, allows in re.findall(r"^\| `([A-Z_]+)` \| (.*) \|$", section, re.MULTILINE)
        if scope != "PERSONAL_DATA"
    }

    # then they are the same
    assert table == needed


def test_the_list_of_operation_files_names_every_operation() -> None:
    # given the README's list of operation files, one item per file
    section = _section(README.read_text(encoding="utf-8"), "## The operation files")
    items = {
        name: item
        for item in re.split(r"\n- ", section)
        for name in re.findall(r"\(operations/(\w+)\.graphql\)", item)
    }

    # then each file has its item, naming each of its operations
    missing = {
        path.stem: sorted(
            op for op in partner_operations(path.stem) if f"`{op}`" not in items.get(path.stem, "")
        )
        for path in operation_files()
    }
    assert {stem: ops for stem, ops in missing.items() if ops} == {}
