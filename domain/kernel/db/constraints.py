"""What a database constraint protects, so a write it refuses is answered as the field and
code it guards. Tables declare it on the constraint (or the unique column) as
`info={"refusal": protects(field, code, message)}`; the kernel only reads the metadata."""

from __future__ import annotations

import re
from functools import cache

from sqlalchemy import CheckConstraint, Column, Table, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from domain.kernel.db.base import Base
from domain.kernel.errors import ErrorCode, UserError

REFUSAL = "refusal"
QUANTITIES_MOVED = "Quantities changed meanwhile; look again and retry."
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")
_SQLITE_CHECK = re.compile(r"CHECK constraint failed: (\w+)")


def protects(field: str, code: ErrorCode, message: str) -> UserError:
    """The refusal a constraint stands for: its field in the domain's spelling."""
    return UserError((field,), message, code)


def _unique_columns(constraint: UniqueConstraint) -> tuple[str, ...]:
    return tuple(column.name for column in constraint.columns)


def _names(table: Table) -> dict[str, UserError]:
    """Each protected constraint of the table under the name the migrations gave it
    (the naming convention of the declarative base), and its columns for SQLite."""
    found: dict[str, UserError] = {}
    for constraint in table.constraints:
        refusal = constraint.info.get(REFUSAL)
        columns: tuple[Column[object], ...] = tuple(getattr(constraint, "columns", ()))
        if refusal is None and isinstance(constraint, UniqueConstraint) and len(columns) == 1:
            refusal = columns[0].info.get(REFUSAL)
        if refusal is None:
            continue
        name = str(constraint.name) if constraint.name else None
        if isinstance(constraint, CheckConstraint) and name and not name.startswith("ck_"):
            name = f"ck_{table.name}_{name}"
        if isinstance(constraint, UniqueConstraint):
            cols = _unique_columns(constraint)
            name = name or f"uq_{table.name}_{cols[0]}"
            found[f"{table.name}:{','.join(cols)}"] = refusal
        if name:
            found[name] = refusal
    return found


@cache
def _index() -> dict[str, UserError]:
    index: dict[str, UserError] = {}
    for table in Base.metadata.tables.values():
        index.update(_names(table))
    return index


def violated(error: IntegrityError) -> str | None:
    """The constraint's name (PostgreSQL), or `table:columns` / the name SQLite reports."""
    cause = getattr(error.orig, "__cause__", None)
    name = getattr(cause, "constraint_name", None) or getattr(error.orig, "constraint_name", None)
    if name:
        return str(name)
    text = str(error.orig)
    if unique := _SQLITE_UNIQUE.search(text):
        pairs = [part.strip().split(".") for part in unique.group(1).split(",")]
        return f"{pairs[0][0]}:{','.join(column for _, column in pairs)}"
    if check := _SQLITE_CHECK.search(text):
        return check.group(1)
    return None


def refusal_for(error: IntegrityError) -> UserError | None:
    """The field and code the violated constraint protects, when its table declares it."""
    name = violated(error)
    return _index().get(name) if name else None
