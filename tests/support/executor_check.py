"""Every field the short way answers, answered again by the general path and compared;
every subtree completed in one pass, completed again by graphql-core and compared whole.

Installed for the whole test run (tests/conftest.py): whatever document a test sends,
as whichever role, each plain field read the short way is also resolved through
graphql-core's and strawberry's own path on the same object at the same moment, and a
difference fails the test that sent it. The response keeps the short way's value, so
the tests see what production serves.
"""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLField, GraphQLObjectType
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.server.completion import complete_in_one_pass
from api.server.execution import MISS, ReliefHubExecutionContext

GENERAL = StrawberryGraphQLCoreExecutionContext.execute_field
READ_SHORT = ReliefHubExecutionContext.read_short


@dataclass
class Comparison:
    compared: int = 0
    one_pass: int = 0  # subtrees completed in one pass and compared whole
    differences: list[str] = field(default_factory=list)


COMPARISON = Comparison()


def _checking_read_short(
    self: ReliefHubExecutionContext,
    parent_type: GraphQLObjectType,
    source: Any,
    field_details_list: Any,
) -> Any:
    short = READ_SHORT(self, parent_type, source, field_details_list)
    if short is MISS:
        return MISS
    name = field_details_list[0].node.name.value
    # The path only places an error; a plain attribute's general path raises none here.
    path = Path(None, name, parent_type.name)
    general = GENERAL(self, parent_type, source, field_details_list, path, None)
    if inspect.isawaitable(general):
        # A plain attribute never resolves asynchronously on the general path.
        if asyncio.iscoroutine(general):
            general.close()
        general = "<awaitable>"
    _compare(f"{parent_type.name}.{name}", ("short way", short), ("general path", general))
    return short


def _compare(where: str, served: tuple[str, Any], reference: tuple[str, Any]) -> None:
    """Count one comparison, and record it when the two values differ (in value or type)."""
    COMPARISON.compared += 1
    (served_by, value), (referred_by, expected) = served, reference
    if expected != value or type(expected) is not type(value):
        COMPARISON.differences.append(f"{where}: {served_by} {value!r}, {referred_by} {expected!r}")


def _checking_execute_unshortened(
    self: ReliefHubExecutionContext,
    parent_type: GraphQLObjectType,
    source: Any,
    field_details_list: Any,
    path: Path,
    position_context: Any,
) -> Any:
    ahead = self.read_ahead(parent_type, source, field_details_list)
    if ahead is not None:
        return _checked_ahead(
            self, parent_type, source, field_details_list, path, position_context, ahead
        )
    return GENERAL(self, parent_type, source, field_details_list, path, position_context)


async def _checked_ahead(
    self: ReliefHubExecutionContext,
    parent_type: GraphQLObjectType,
    source: Any,
    field_details_list: Any,
    path: Path,
    position_context: Any,
    ahead: tuple[GraphQLField, dict[str, Any], Any],
) -> Any:
    """A value read ahead, held beside what the field's own resolver answers (through
    strawberry's wrapper, as the general path calls it), then completed as served."""
    field, args, value = ahead
    name = f"{parent_type.name}.{field_details_list[0].node.name.value}"
    info = self.build_resolve_info(field, [d.node for d in field_details_list], parent_type, path)
    try:
        general = field.resolve(source, info, **args)  # type: ignore[misc]
        if inspect.isawaitable(general):
            general = await general
    except Exception as error:
        general = error
    _compare(name, ("read ahead", value), ("resolver", general))
    # The subtree completed in one pass, beside graphql-core's completion of the same value.
    one_pass = complete_in_one_pass(self, field.type, field_details_list, value)
    completed = self.complete_ahead(
        parent_type, field_details_list, path, position_context, field, value, one_pass=False
    )
    completed = await completed if inspect.isawaitable(completed) else completed
    if one_pass is MISS:
        return completed
    COMPARISON.one_pass += 1
    if not _same(one_pass, completed):
        COMPARISON.differences.append(f"{name}: one pass {one_pass!r}, general {completed!r}")
    return one_pass


def _same(one: Any, other: Any) -> bool:
    """Equal to every value and type, keys in the same order (a response's order)."""
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return list(one) == list(other) and all(_same(one[k], other[k]) for k in one)
    if isinstance(one, list):
        return len(one) == len(other) and all(_same(a, b) for a, b in zip(one, other, strict=True))
    return bool(one == other)


def install() -> None:
    ReliefHubExecutionContext.read_short = _checking_read_short  # type: ignore[method-assign]
    ReliefHubExecutionContext.execute_unshortened = _checking_execute_unshortened  # type: ignore[method-assign]
