"""A loaded-ahead subtree completed in one pass.

Once a list's look-ahead has loaded its levels (`api/kernel/lookahead.py`), every field
below it can be answered from memory: plain attributes off the rows, loaded-ahead values
through their registered readings. graphql-core would still complete that subtree field by
field — a path, a resolve info and an awaitability test for each, a list item at a time —
and that walk is most of what a page of needs with their allocations costs. Here the
subtree is completed by one recursive pass that builds the answer's dicts and lists
directly, for the field selections graphql-core itself collects (fragments, aliases,
@include and @skip as it decides them).

The pass only answers what it can answer exactly as the general path would: a value it
cannot vouch for — a field with a resolver to run, a null where the schema forbids one,
a leaf its serialiser refuses, a type it cannot tell — makes the whole pass give up
(`MISS`) before anything is written, and the general path completes the subtree as it
always did, raising and placing its errors itself. The pass reads and builds, nothing
more, so giving up costs nothing but the time spent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLUnionType,
    Undefined,
)
from graphql.execution.values import get_argument_values
from strawberry.types.base import has_object_definition
from strawberry.types.cast import get_strawberry_type_cast

if TYPE_CHECKING:
    from api.server.execution import ReliefHubExecutionContext

# What a reading answers when the general path must resolve the field.
MISS: Any = object()
UNDECIDED: Any = object()
# The resolve info is_type_of receives; none of this schema's reads it (see _object).
NO_INFO: Any = None


def complete_in_one_pass(
    ctx: ReliefHubExecutionContext,
    return_type: GraphQLOutputType,
    field_details_list: Any,
    value: Any,
) -> Any:
    """`value` completed as `return_type` for the selection of `field_details_list`, or
    MISS when only the general path may complete it."""
    if isinstance(return_type, GraphQLNonNull):
        completed = complete_in_one_pass(ctx, return_type.of_type, field_details_list, value)
        # A null here is the general path's error to raise and place.
        return MISS if completed is None else completed
    if value is None or value is Undefined:
        return None
    if isinstance(value, Exception):
        return MISS
    if isinstance(return_type, GraphQLList):
        # Lists and tuples only: any other iterable is read once, by the general path.
        if not isinstance(value, list | tuple):
            return MISS
        item_type = return_type.of_type
        items = []
        for item in value:
            completed = complete_in_one_pass(ctx, item_type, field_details_list, item)
            if completed is MISS:
                return MISS
            items.append(completed)
        return items
    if isinstance(return_type, GraphQLScalarType | GraphQLEnumType):
        return _leaf(return_type, value)
    if isinstance(return_type, GraphQLUnionType):
        member = _union_member(return_type, value)
        return MISS if member is None else _object(ctx, member, field_details_list, value)
    if isinstance(return_type, GraphQLObjectType):
        return _object(ctx, return_type, field_details_list, value)
    return MISS  # an interface: strawberry's own type resolution decides


def _leaf(kind: GraphQLScalarType | GraphQLEnumType, value: Any) -> Any:
    try:
        serialized = kind.coerce_output_value(value)
    except Exception:  # the general path raises it as the field's error
        return MISS
    return MISS if serialized is None or serialized is Undefined else serialized


def _union_member(union: GraphQLUnionType, value: Any) -> GraphQLObjectType | None:
    """The member a row belongs to, as strawberry's union resolution finds it for a value
    that is neither cast nor a strawberry object: the first whose is_type_of accepts it."""
    if get_strawberry_type_cast(value) is not None or has_object_definition(value):
        return None
    for member in union.types:
        if member.is_type_of is None:
            continue
        try:
            if member.is_type_of(value, NO_INFO) is True:
                return member
        except Exception:
            return None
    return None


# How one field of an object is answered in the pass: (its response name, how it is read
# — TYPENAME, SHORT or AHEAD —, the reading, its type, its own selection, its arguments,
# and for a scalar or enum its serialiser and whether it may be null).
TYPENAME, SHORT, AHEAD = 0, 1, 2
Step = tuple[str, int, Any, GraphQLOutputType, Any, dict[str, Any], Any, bool]


def _object(
    ctx: ReliefHubExecutionContext, kind: GraphQLObjectType, field_details_list: Any, value: Any
) -> Any:
    # Every is_type_of of this schema (strawberry's and row types') reads the value only.
    try:
        if kind.is_type_of is not None and kind.is_type_of(value, NO_INFO) is not True:
            return MISS
        key = (kind.name, id(field_details_list))
        # Decided once per request: the selection's identity and the variables are its own.
        steps = ctx.one_pass_steps.get(key, UNDECIDED)
        if steps is UNDECIDED:
            steps = ctx.one_pass_steps[key] = _steps(ctx, kind, field_details_list)
        if steps is None:
            return MISS
        answer: dict[str, Any] = {}
        for response_name, how, read, field_type, details, args, leaf, nullable in steps:
            if how == TYPENAME:
                answer[response_name] = kind.name
                continue
            if how == SHORT:
                raw = read(value, kind.name)
            else:
                raw = read(value, ctx.context_value, args)
                if raw is MISS:
                    return MISS
            if leaf is None:  # an object or a list: its own pass
                completed = complete_in_one_pass(ctx, field_type, details, raw)
            elif raw is None or raw is Undefined:  # a null, where the schema allows one
                completed = None if nullable else MISS
            elif isinstance(raw, Exception):
                completed = MISS
            else:  # the commonest value by far: a scalar or an enum, serialised here
                completed = leaf(raw)
                if completed is None or completed is Undefined:
                    completed = MISS
            if completed is MISS:
                return MISS
            answer[response_name] = completed
    except Exception:  # the general path meets it again, and raises it in its place
        return MISS
    return answer


def _steps(ctx: ReliefHubExecutionContext, kind: GraphQLObjectType, details: Any) -> Any:
    """How each field graphql-core collects for `kind` under `details` is answered in the
    pass; None when one of them needs the general path (a resolver to run, a deferral)."""
    grouped, deferred, _forbidden = ctx.collect_subfields(kind, details)
    if deferred:
        return None
    steps: list[Step] = []
    for response_name, sub in grouped.items():
        first = sub[0]
        if first.defer_usage is not None:
            return None
        node = first.node
        name = node.name.value
        if name == "__typename":
            steps.append((response_name, TYPENAME, None, kind, sub, {}, None, False))
            continue
        known = ctx.plan(kind, name)
        if known is None:
            return None
        field, short, ahead = known
        nullable = not isinstance(field.type, GraphQLNonNull)
        named = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        leaf = (
            named.coerce_output_value
            if isinstance(named, GraphQLScalarType | GraphQLEnumType)
            else None
        )
        if short is not None and not node.arguments:
            steps.append((response_name, SHORT, short[0], field.type, sub, {}, leaf, nullable))
        elif ahead is not None:
            try:  # arguments as the resolver receives them; wrong ones are its error
                args = (
                    get_argument_values(
                        field, node, ctx.variable_values, first.fragment_variable_values
                    )
                    if field.args
                    else {}
                )
            except Exception:
                return None
            steps.append((response_name, AHEAD, ahead, field.type, sub, args, leaf, nullable))
        else:
            return None
    return steps
