"""graphql-core's executor with a short way for the commonest field: a plain attribute.

A page of 50 needs is some 450 fields, most of them scalars read straight off a row.
graphql-core resolves each through the general path — a resolve info built, strawberry's
wrapper called, its result tested for awaitability twice, then completed through the
type's kinds — and that path, not the database, is most of a read's time. A field
strawberry itself calls basic (no resolver, no field extension, no argument) whose type
is a scalar or an enum is read here with one getattr and serialised: the same value the
general path would produce. Anything else, and any value the short way does not vouch
for (null, an error, a serialiser's refusal), takes the general path, which then raises
or completes exactly as it always did. `PlainExecutionContext` is the executor without
the short way, kept so a test can hold the two answers side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# How strawberry links a GraphQLField back to its own field definition.
DEFINITION = "strawberry-definition"

# What read_short answers when the general path must resolve the field.
MISS: Any = object()

# For an eligible field: its strawberry resolver by name, its name, and its serialiser.
Shortcut = tuple[Callable[[Any, str], Any], str, Callable[[Any], Any]]


def shortcut(field: GraphQLField) -> Shortcut | None:
    """How to read `field` the short way, or None when only the general path will do."""
    definition = (field.extensions or {}).get(DEFINITION)
    if definition is None or field.args or not getattr(field.resolve, "_is_default", False):
        return None
    if not definition.is_basic_field:
        return None
    kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if not isinstance(kind, GraphQLScalarType | GraphQLEnumType):
        return None
    return definition.default_resolver, definition.python_name, kind.serialize


class PlainExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor as it comes: every field through the general path."""


class ReliefHubExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """The executor every request runs: plain attributes read the short way."""

    # Keyed by the GraphQLField's id, the field kept in the value so the id stays its own.
    _shortcuts: ClassVar[dict[int, tuple[GraphQLField, Shortcut | None]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # strawberry hands every request a middleware manager; it wraps resolvers only
        # when a schema extension resolves fields, and then no field may skip it.
        manager = self.middleware_manager
        self._short_way = manager is None or not manager.middlewares

    def read_short(
        self, parent_type: GraphQLObjectType, source: Any, field_details_list: Any
    ) -> Any:
        """The field's serialised value read the short way, or MISS when the general
        path must answer (it is not a plain attribute, or its value is not plain)."""
        if not self._short_way:
            return MISS
        node = field_details_list[0].node
        field = parent_type.fields.get(node.name.value)
        if field is None or node.arguments:
            return MISS
        known = self._shortcuts.get(id(field))
        if known is None:
            known = self._shortcuts.setdefault(id(field), (field, shortcut(field)))
        if known[1] is None:
            return MISS
        resolve, name, serialize = known[1]
        try:
            value = resolve(source, name)
            if value is None or isinstance(value, Exception):
                return MISS
            serialized = serialize(value)
        except Exception:  # the general path raises it as the field's error
            return MISS
        return MISS if serialized is None or serialized is Undefined else serialized

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        value = self.read_short(parent_type, source, field_details_list)
        if value is not MISS:
            return value
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
