"""Look-ahead: a list's children loaded before its fields resolve.

A page of needs with their allocations, each allocation's offer and each offer's
provider used to resolve as hundreds of awaited resolvers, each asking a loader for one
row. Instead, when a list has loaded its page, it reads the selection below it
(strawberry's `selected_fields`) and asks each level's loader for the whole level at
once: one statement per level, as before, but done before any field resolves. The
fields then read their values from the loaders' answers synchronously, through the
readings registered with `reads_ahead` (`api/server/execution.py`).

Every level is loaded through the request's own loaders, the same ones the resolvers
use, so what is read ahead is exactly what the resolver would have read: visibility is
the loaders' (and so the policy's), never decided here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.types.nodes import SelectedField, Selection

from api.kernel.context import Context, Info

# Children of one level: (the request's context, the parent rows) -> the child rows.
Load = Callable[[Context, Sequence[Any]], Awaitable[Sequence[Any]]]

# A selection may lead back to where it started (a need's allocations' need): stop there.
MAX_DEPTH = 4


@dataclass(frozen=True, slots=True)
class Preload:
    load: Load
    child: type | None  # the model of the loaded rows, to look further ahead; None: stop
    connection: bool  # the rows sit under `edges { node }`


PRELOADS: dict[type, dict[str, Preload]] = {}


def preloads(
    model: type, field: str, *, child: type | None = None, connection: bool = False
) -> Callable[[Load], Load]:
    """Register how the `field` (as GraphQL names it) of `model`'s rows is loaded for
    a whole level at once."""

    def register(load: Load) -> Load:
        PRELOADS.setdefault(model, {})[field] = Preload(load, child, connection)
        return load

    return register


def _fields(selections: Sequence[Selection]) -> list[SelectedField]:
    """The fields of a selection, those inside fragments included."""
    found: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            found.append(selection)
        else:
            found += _fields(selection.selections)
    return found


def _nodes(connection: SelectedField) -> list[Selection]:
    """What a connection's `edges { node { ... } }` selects."""
    return [
        selection
        for edges in _fields(connection.selections)
        if edges.name == "edges"
        for node in _fields(edges.selections)
        if node.name == "node"
        for selection in node.selections
    ]


async def load_ahead(info: Info, model: type, rows: Sequence[Any]) -> None:
    """Load what the selection below a list of `model` rows will ask of them."""
    if rows and model in PRELOADS:
        field = info.selected_fields[0]
        assert isinstance(field, SelectedField)  # the list's own field, never a fragment
        await _walk(info.context, model, rows, _nodes(field), 0)


async def _walk(
    ctx: Context, model: type, rows: Sequence[Any], selections: Sequence[Selection], depth: int
) -> None:
    table = PRELOADS.get(model)
    if not table or not rows or depth >= MAX_DEPTH:
        return
    for field in _fields(selections):
        preload = table.get(field.name)
        if preload is None:
            continue
        try:
            children = await preload.load(ctx, rows)
        except Exception:  # the field's resolver meets it again, in its place
            continue
        if preload.child is not None:
            below = _nodes(field) if preload.connection else field.selections
            await _walk(ctx, preload.child, children, below, depth + 1)
