"""The partner operations the project documents, read from docs/partners/operations.

Tests, benches and examples send exactly these documents, so what partners are told to
send is what is exercised."""

from __future__ import annotations

from pathlib import Path

from graphql import parse, print_ast
from graphql.language import DocumentNode, OperationDefinitionNode

OPERATIONS_DIR = Path(__file__).resolve().parents[1] / "docs" / "partners" / "operations"


def operation_files() -> list[Path]:
    """Every documented operations file, in name order."""
    return sorted(OPERATIONS_DIR.glob("*.graphql"))


def partner_operations(area: str) -> dict[str, str]:
    """Operation name -> the text of that one operation, from `<area>.graphql`."""
    document = parse((OPERATIONS_DIR / f"{area}.graphql").read_text(encoding="utf-8"))
    operations: dict[str, str] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and definition.name:
            operations[definition.name.value] = print_ast(DocumentNode(definitions=(definition,)))
    return operations
