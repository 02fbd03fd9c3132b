"""The contract's documents, read from ../shared/contract so tests send exactly them."""

from __future__ import annotations

import os
from pathlib import Path

from graphql import parse, print_ast
from graphql.language import DocumentNode, OperationDefinitionNode

# A git worktree elsewhere (e.g. /work/wt/NAME) names the contract's folder explicitly.
CONTRACT = Path(
    os.environ.get("RELIEFHUB_CONTRACT")
    or Path(__file__).resolve().parents[2].parent / "shared" / "contract"
)


def contract_operations(file_name: str) -> dict[str, str]:
    """Operation name -> the document text of that one operation."""
    document = parse((CONTRACT / file_name).read_text())
    operations: dict[str, str] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and definition.name:
            operations[definition.name.value] = print_ast(DocumentNode(definitions=[definition]))
    return operations


REGISTRY = contract_operations("registry.graphql")
MATCHING = contract_operations("matching.graphql")
DISPATCH = contract_operations("dispatch.graphql")
