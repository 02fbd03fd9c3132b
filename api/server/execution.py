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

A field whose value a list's look-ahead has already loaded (`api/kernel/lookahead.py`)
takes a second short way: its registered reading takes the value from the request's
loaders without a resolver call; the subtree below it is then completed in one pass
(`api/server/completion.py`), or by graphql-core as it would have completed the
resolver's answer. When the loaders do not hold it yet, the resolver runs as always.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.server.completion import MISS, Step, complete_in_one_pass

# How strawberry links a GraphQLField back to its own field definition.
DEFINITION = "strawberry-definition"

# A field read the short way: (its value from the source and the parent type's name,
# its serialiser).
Read = Callable[[Any, str], Any]
Shortcut = tuple[Read, Callable[[Any], Any]]

# Resolvers that need nothing of the request but the source and the parent type's name
# (the global id of every node): each with the same computation, registered beside it.
SAME_AS: dict[Callable[..., Any], Read] = {}

# A resolver's answer read from what the request already loaded: (the source, the
# request's context, the field's arguments as GraphQL names them) -> the value the
# resolver would return, or MISS when it is not loaded.
Ahead = Callable[[Any, Any, dict[str, Any]], Any]
READ_AHEAD: dict[Callable[..., Any], Ahead] = {}


def ahead_of(field: GraphQLField) -> Ahead | None:
    """The look-ahead reading registered for `field`'s resolver, if any; for a plain
    attribute holding an object or a list (a connection's edges, an edge's node), the
    attribute itself, as strawberry's default resolver reads it."""
    definition = (field.extensions or {}).get(DEFINITION)
    if definition is None or definition.extensions:
        return None
    if definition.base_resolver is not None:
        return READ_AHEAD.get(definition.base_resolver.wrapped_func)
    if field.args or not definition.is_basic_field:
        return None
    if not getattr(field.resolve, "_is_default", False):
        return None
    get, name = definition.default_resolver, definition.python_name
    return lambda source, _context, _args: get(source, name)


# What is known of a field: itself, its short way, its look-ahead reading.
Plan = tuple[GraphQLField, Shortcut | None, Ahead | None]
PLAN = "_reliefhub_plan"


def reads_ahead(owner: type, python_name: str) -> Callable[[Ahead], Ahead]:
    """Register `read` as the look-ahead reading of `owner`'s resolver `python_name`."""
    definition = owner.__strawberry_definition__  # type: ignore[attr-defined]
    field = next(f for f in definition.fields if f.python_name == python_name)

    def register(read: Ahead) -> Ahead:
        READ_AHEAD[field.base_resolver.wrapped_func] = read
        return read

    return register


def shortcut(field: GraphQLField) -> Shortcut | None:
    """How to read `field` the short way, or None when only the general path will do."""
    definition = (field.extensions or {}).get(DEFINITION)
    if definition is None or field.args or definition.extensions:
        return None
    kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if not isinstance(kind, GraphQLScalarType | GraphQLEnumType):
        return None
    resolver = definition.base_resolver
    if resolver is None:
        if not (definition.is_basic_field and getattr(field.resolve, "_is_default", False)):
            return None
        get, name = definition.default_resolver, definition.python_name
        return (lambda source, _parent: get(source, name)), kind.serialize
    same = SAME_AS.get(resolver.wrapped_func)
    return None if same is None else (same, kind.serialize)


class PlainExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor as it comes: every field through the general path."""


class ReliefHubExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """The executor every request runs: plain attributes read the short way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # strawberry hands every request a middleware manager; it wraps resolvers only
        # when a schema extension resolves fields, and then no field may skip it.
        manager = self.middleware_manager
        self._short_way = manager is None or not manager.middlewares
        # Selections (by identity) whose one-pass completion gave up in this request:
        # their siblings go the general way at once.
        self._general_only: set[int] = set()
        self.one_pass_steps: dict[tuple[str, int], list[Step] | None] = {}

    def plan(self, parent_type: GraphQLObjectType, name: str) -> Plan | None:
        """How the field `name` of `parent_type` may be read, decided once per field."""
        field = parent_type.fields.get(name)
        if field is None:
            return None
        # Kept on the field itself: it lives and dies with its schema (tests build many).
        known: Plan | None = field.__dict__.get(PLAN)
        if known is None:
            known = (field, shortcut(field), ahead_of(field))
            setattr(field, PLAN, known)
        return known

    def read_short(
        self, parent_type: GraphQLObjectType, source: Any, field_details_list: Any
    ) -> Any:
        """The field's serialised value read the short way, or MISS when the general
        path must answer (it is not a plain attribute, or its value is not plain)."""
        if not self._short_way:
            return MISS
        node = field_details_list[0].node
        known = self.plan(parent_type, node.name.value)
        if known is None or known[1] is None or node.arguments:
            return MISS
        read, serialize = known[1]
        try:
            value = read(source, parent_type.name)
            if value is None or isinstance(value, Exception):
                return MISS
            serialized = serialize(value)
        except Exception:  # the general path raises it as the field's error
            return MISS
        return MISS if serialized is None or serialized is Undefined else serialized

    def read_ahead(
        self, parent_type: GraphQLObjectType, source: Any, field_details_list: Any
    ) -> tuple[GraphQLField, dict[str, Any], Any] | None:
        """The field, its arguments and the value its resolver would return, read from
        the request's loaders; None when the resolver must run."""
        if not self._short_way:
            return None
        details = field_details_list[0]
        known = self.plan(parent_type, details.node.name.value)
        if known is None or known[2] is None:
            return None
        field, read = known[0], known[2]
        try:
            args = (
                get_argument_values(
                    field, details.node, self.variable_values, details.fragment_variable_values
                )
                if field.args
                else {}
            )
            value = read(source, self.context_value, args)
        except Exception:  # a bad argument: the general path raises it as it always did
            return None
        return None if value is MISS else (field, args, value)

    def complete_ahead(
        self,
        parent_type: GraphQLObjectType,
        field_details_list: Any,
        path: Path,
        position_context: Any,
        field: GraphQLField,
        value: Any,
        *,
        one_pass: bool = True,
    ) -> Any:
        """Complete a value read ahead exactly as the general path completes a resolver's:
        in one pass when it can (`api/server/completion.py`), else graphql-core's way."""
        if one_pass and self._short_way and id(field_details_list) not in self._general_only:
            completed = complete_in_one_pass(self, field.type, field_details_list, value)
            if completed is not MISS:
                return completed
            self._general_only.add(id(field_details_list))
        nodes = [details.node for details in field_details_list]
        info = self.build_resolve_info(field, nodes, parent_type, path)
        try:
            completed = self.complete_value(
                field.type, field_details_list, info, path, value, position_context
            )
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.type, field_details_list, path)
            return None
        if not self.is_awaitable(completed):
            return completed

        async def await_completed() -> Any:
            try:
                return await completed
            except Exception as raw_error:
                self.handle_field_error(raw_error, field.type, field_details_list, path)
                return None

        return await_completed()

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's loop over an object's fields, each plain field read the short
        way before a path is even made for it; the others as graphql-core does them."""
        if not self._short_way:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        read_short, is_awaitable = self.read_short, self.is_awaitable
        try:
            for response_name, field_details_list in grouped_field_set.items():
                value = read_short(parent_type, source_value, field_details_list)
                if value is MISS:
                    field_path = Path(path, response_name, parent_type.name)
                    value = self.execute_unshortened(
                        parent_type, source_value, field_details_list, field_path, position_context
                    )
                    if value is Undefined:
                        continue
                    if is_awaitable(value):
                        awaitable_fields.append(response_name)
                results[response_name] = value
        except Exception:
            if awaitable_fields:
                # Settle what other fields started, as graphql-core does: they may fail too.
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            awaited = await gather_with_cancel(*(results[name] for name in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

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
        return self.execute_unshortened(
            parent_type, source, field_details_list, path, position_context
        )

    def execute_unshortened(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        """A field the first short way did not answer: read ahead, or the general path."""
        ahead = self.read_ahead(parent_type, source, field_details_list)
        if ahead is not None:
            field, _args, loaded = ahead
            return self.complete_ahead(
                parent_type, field_details_list, path, position_context, field, loaded
            )
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
