"""schema.graphql is generated, committed, and must match the code; the documented partner
operations validate against it."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    build_schema,
    parse,
    validate,
)

from api.schema import SCHEMA_FILE, export_sdl
from reliefhub.operations import operation_files


def test_schema_graphql_is_not_stale() -> None:
    # given the committed file / when exporting the schema from the code / then they agree
    assert SCHEMA_FILE.read_text() == export_sdl(), "schema.graphql is stale: run `make schema`"


def test_the_partner_operations_folder_holds_the_served_areas() -> None:
    # given the documented operations / then each served area has its file
    names = {path.stem for path in operation_files()}
    assert {"registry", "matching", "dispatch", "loop", "partners"} <= names


@pytest.mark.parametrize("path", operation_files(), ids=lambda path: path.name)
def test_every_partner_operation_validates_against_the_schema(path: Path) -> None:
    # given the committed schema and one documented operations file
    schema = build_schema(SCHEMA_FILE.read_text())
    document = parse(path.read_text(encoding="utf-8"))
    fragments = [d for d in document.definitions if isinstance(d, FragmentDefinitionNode)]
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert operations, f"{path.name} documents no operation"
    # when each operation is validated on its own, with the file's fragments
    failures = []
    for operation in operations:
        errors = validate(schema, DocumentNode(definitions=(operation, *fragments)))
        name = operation.name.value if operation.name else "(anonymous)"
        failures += [f"{name}: {error.message}" for error in errors]
    # then none is refused
    assert not failures, "\n".join(failures)
