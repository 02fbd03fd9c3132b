"""What a GraphQL operation costs before it runs, counted as GitHub and Shopify count.

An object costs 1 plus its children; a connection costs 1 plus its `first` times the
cost of one item; scalars are free. Without `first` the server serves its default page
(20), so that is what is charged: charging the largest page (100) would price the
contract's own documents at five times what they fetch. Fragments count where they are
spread and variables are resolved, so a document cannot hide its size. Where a field
could return any of several types the fragments of all of them are summed: an upper
bound, which is what a ceiling needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_leaf_type,
    value_from_ast_untyped,
)

from domain.kernel.pagination import DEFAULT_PAGE, MAX_PAGE

# Deeper than any legitimate document (the depth limit is 10); the walk stops here
# and calls the document priceless rather than recurse without end.
MAX_WALK_DEPTH = 64
PRICELESS = 10**12


class _Pricing:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        # A fragment costs the same wherever it is spread: remembering it keeps a
        # "fragment bomb" (each fragment spreading the next twice) linear to price.
        self.fragment_costs: dict[str, int] = {}
        self.pricing: set[str] = set()

    def selections(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None, depth: int
    ) -> int:
        if selection_set is None or parent is None:
            return 0
        if depth > MAX_WALK_DEPTH:
            return PRICELESS
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, depth)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, target, depth + 1)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, depth)
        return min(total, PRICELESS)

    def field(self, node: FieldNode, parent: GraphQLNamedType, depth: int) -> int:
        definition = getattr(parent, "fields", {}).get(node.name.value)
        if definition is None:  # __typename, or a field validation will reject
            return 0
        target = get_named_type(definition.type)
        if is_leaf_type(target):
            return 0
        children = self.selections(node.selection_set, target, depth + 1)
        if target.name.endswith("Connection") and "first" in definition.args:
            return 1 + self.page_size(node) * children
        return 1 + children

    def fragment(self, name: str, depth: int) -> int:
        if name in self.fragment_costs:
            return self.fragment_costs[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.pricing:  # unknown or cyclic: validation says
            return 0
        self.pricing.add(name)
        target = self.schema.get_type(definition.type_condition.name.value)
        cost = self.selections(definition.selection_set, target, depth + 1)
        self.pricing.discard(name)
        self.fragment_costs[name] = cost
        return cost

    def page_size(self, node: FieldNode) -> int:
        # graphql-core leaves an absent argument list as None, not an empty tuple.
        arguments = node.arguments or ()
        argument = next((a for a in arguments if a.name.value == "first"), None)
        value: Any = None
        if argument is not None:
            if isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value)
            elif isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
        if value is None:
            return DEFAULT_PAGE  # as domain.kernel.pagination.page_size serves it
        # Out of range, the server refuses the page; priced at the cap all the same.
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return MAX_PAGE
        return min(value, MAX_PAGE)


def _operation(
    document: DocumentNode, operation_name: str | None
) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == operation_name), None)


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> int:
    """The points the operation to run costs; 0 when there is none (validation says why)."""
    operation = _operation(document, operation_name)
    if operation is None:
        return 0
    resolved: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():  # None when it declares none
        if definition.default_value is not None:
            resolved[definition.variable.name.value] = value_from_ast_untyped(
                definition.default_value
            )
    resolved.update(variables or {})
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    return _Pricing(schema, fragments, resolved).selections(operation.selection_set, root, 0)
