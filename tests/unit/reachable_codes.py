"""The error codes a function can answer with, found by reading it and everything of the
project it names, the way a reviewer would: every `ErrorCode.X` in those bodies, every
module-level code or refusal they name, and the refusals declared on the constraints of
every table they name (a write may hit them). A method called on a value whose class the
source does not say (`principal.require(...)`) stands for every domain method of that
name. So the answer can be larger than what really happens, never smaller."""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from domain.kernel.db.constraints import REFUSAL
from domain.kernel.errors import ErrorCode, UserError

PROJECT = ("domain.", "api.")
# The machinery that runs every use case: its answer to a constraint that declares no
# refusal is the documented fallback, not a code of any one feature.
MACHINERY = ("api.kernel.use_cases", "api.kernel.mutations")


def _ours(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module.startswith(PROJECT) and not module.startswith(MACHINERY)


@cache
def _domain_methods() -> dict[str, list[Callable[..., Any]]]:
    """Every method of a class the domain defines, by name."""
    methods: dict[str, list[Callable[..., Any]]] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("domain.") or module is None:
            continue
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and cls.__module__ == name):
                continue
            for attr, value in vars(cls).items():
                function = getattr(value, "__func__", None) or getattr(value, "fget", value)
                if inspect.isfunction(function):
                    methods.setdefault(attr, []).append(function)
    return methods


def _declared_refusals(model: type) -> set[ErrorCode]:
    table = getattr(model, "__table__", None)
    found: set[ErrorCode] = set()
    for constraint in getattr(table, "constraints", ()):
        refusals = [constraint.info.get(REFUSAL)]
        refusals += [column.info.get(REFUSAL) for column in getattr(constraint, "columns", ())]
        found |= {refusal.code for refusal in refusals if refusal is not None}
    return found


def _codes_in_value(value: Any, depth: int = 0) -> set[ErrorCode]:
    if isinstance(value, ErrorCode):
        return {value}
    if isinstance(value, UserError):
        return {value.code}
    if depth < 3 and isinstance(value, (tuple, list, set, frozenset)):
        return {code for item in value for code in _codes_in_value(item, depth + 1)}
    if depth < 3 and isinstance(value, dict):
        items = [*value.keys(), *value.values()]
        return {code for item in items for code in _codes_in_value(item, depth + 1)}
    return set()


def _resolve(node: ast.expr, names: dict[str, Any]) -> tuple[bool, Any]:
    """What a name or dotted name denotes at module level, when the source says."""
    if isinstance(node, ast.Name):
        return (True, names[node.id]) if node.id in names else (False, None)
    if isinstance(node, ast.Attribute):
        known, base = _resolve(node.value, names)
        if known and hasattr(base, node.attr):
            return True, getattr(base, node.attr)
    return False, None


def _named(function: Callable[..., Any]) -> Iterator[tuple[set[ErrorCode], list[Any]]]:
    """For each name in the function's body: the codes it stands for, what to read next."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError):
        return
    names = function.__globals__
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "ErrorCode"
        ):
            yield {ErrorCode[node.attr]}, []
            continue
        if not isinstance(node, (ast.Name, ast.Attribute)):
            continue
        known, value = _resolve(node, names)
        if not known:
            if isinstance(node, ast.Attribute):
                yield set(), list(_domain_methods().get(node.attr, []))
            continue
        value = getattr(value, "__func__", value)
        following = [value] if inspect.isfunction(value) or inspect.isclass(value) else []
        yield _codes_in_value(value), following


def codes_raised(*starts: Callable[..., Any]) -> set[ErrorCode]:
    """Every code the functions (and what they name, transitively) can refuse with."""
    codes: set[ErrorCode] = set()
    seen: set[int] = set()
    queue: list[Any] = [inspect.unwrap(start) for start in starts]
    while queue:
        item = queue.pop()
        if id(item) in seen or not _ours(item):
            continue
        seen.add(id(item))
        if inspect.isclass(item):
            codes |= _declared_refusals(item)
            queue += [vars(item)[m] for m in ("__init__", "__post_init__") if m in vars(item)]
            continue
        for found, following in _named(item):
            codes |= found
            queue += following
    return codes
