"""How often a selection set repeats itself, measured before validation runs.

graphql-core's OverlappingFieldsCanBeMerged compares every pair of fields that share a
response name, so a document repeating one field a thousand times (within the token
limit) costs seconds of CPU to validate: a one-request denial of service. No honest
document repeats a field (or spreads a fragment) more than a handful of times in one
selection set, so counting the repeats, in one linear pass, refuses it first.
"""

from __future__ import annotations

from collections import Counter

from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

MAX_REPEATS = 10


def _names(
    selection_set: SelectionSetNode, counts: Counter[str], nested: list[SelectionSetNode]
) -> None:
    """Count the response names (and spreads) a selection set merges, inline fragments
    flattened in as the validator flattens them; collect the sets below for later."""
    stack = [selection_set]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode):
                name = selection.alias.value if selection.alias else selection.name.value
                counts[name] += 1
                if selection.selection_set is not None:
                    nested.append(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                stack.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                counts["..." + selection.name.value] += 1


def most_repeated(document: DocumentNode) -> tuple[str, int]:
    """The response name (or `...Fragment`) repeated most in any one selection set."""
    worst = ("", 0)
    pending = [
        d.selection_set for d in document.definitions if isinstance(d, ExecutableDefinitionNode)
    ]
    while pending:
        counts: Counter[str] = Counter()
        _names(pending.pop(), counts, pending)
        if counts:
            name, repeats = counts.most_common(1)[0]
            if repeats > worst[1]:
                worst = (name, repeats)
    return worst
