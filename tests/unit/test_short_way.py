"""The executor's short way for plain fields, and the suite-wide check that keeps it honest."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from api.schema import build_schema
from api.server import execution
from api.server.execution import shortcut
from domain.categories.model import Category
from domain.kernel.global_ids import to_global_id
from tests.support import executor_check

SCHEMA = build_schema(development=False)
TYPES = SCHEMA._schema.type_map


def field(type_name: str, name: str) -> Any:
    return TYPES[type_name].fields[name]  # type: ignore[attr-defined]


def test_plain_scalars_and_enums_take_the_short_way() -> None:
    # given a need's plain columns: a number, an enum, a time, a nullable string
    for name in ("quantity", "status", "neededBy", "externalId"):
        # then each is read by name and serialised by its own type
        assert shortcut(field("Need", name)) is not None, name


def test_a_nodes_global_id_is_computed_the_short_way_from_the_row_and_type() -> None:
    # given the global id, a resolver needing only the row and the parent type's name
    read = shortcut(field("Need", "id"))
    # then the short way computes it as the resolver does
    assert read is not None
    assert read[0](Category(id=uuid.UUID(int=7)), "Need") == to_global_id("Need", uuid.UUID(int=7))


def test_resolvers_objects_and_arguments_keep_the_general_path() -> None:
    # given a resolver that decides by the viewer (a masked phone), an object and a list
    # then none of them is read the short way
    assert shortcut(field("Volunteer", "phone")) is None
    assert shortcut(field("Need", "category")) is None
    assert shortcut(field("Query", "needs")) is None


async def test_a_wrong_short_way_is_caught_by_the_suite_wide_check(
    monkeypatch: pytest.MonkeyPatch, api: Any
) -> None:
    # given a short way that answers a wrong value for a plain string, the unit
    honest = execution.shortcut

    def lying(field: Any) -> Any:
        found = honest(field)
        if found is None or field.extensions[execution.DEFINITION].python_name != "unit":
            return found
        return (lambda _source, _parent: "not what the row holds"), found[1]

    monkeypatch.setattr(execution, "shortcut", lying)
    compared = executor_check.COMPARISON.compared

    # when a query reads categories' units
    data = await api.gql("{ categories { code unit } }")

    # then the check compared those fields, recorded each difference, and the response
    # carried what the short way said (what production would have served)
    assert executor_check.COMPARISON.compared > compared
    differences = list(executor_check.COMPARISON.differences)
    executor_check.COMPARISON.differences.clear()  # this test's differences were wanted
    assert data["categories"] and all(
        c["unit"] == "not what the row holds" for c in data["categories"]
    )
    assert len(differences) == len(data["categories"])
    assert differences[0].startswith("Category.unit: short way 'not what the row holds'")


async def test_the_check_compares_real_traffic_and_finds_it_equal(api: Any) -> None:
    compared = executor_check.COMPARISON.compared
    # when the public reads categories with their plain fields
    await api.gql("{ categories { code name unit } }")
    # then those fields were answered the short way and checked, with no difference
    assert executor_check.COMPARISON.compared > compared
    assert executor_check.COMPARISON.differences == []
